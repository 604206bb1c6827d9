"""What the web publishes: HTML pages and the pipe-delimited text that scraping them yields."""
