"""绩效自评表 (performance self-evaluation tables) read into tidy records."""
