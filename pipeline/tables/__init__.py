"""Reading the grids of 决算 tables: titles and codes, layout (header, column roles), measures, subjects.

The stages `classify_tables` and `standard_tables` are thin drivers over these modules; every
rule here works on a `Grid` alone, whatever format produced it.
"""
