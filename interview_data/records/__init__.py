"""The records: one definition of every table's rows, and everything generated from it."""
