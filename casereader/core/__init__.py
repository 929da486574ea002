"""Pure domain logic: question sets, rules, the form engine and scoring. Imports no Qt, SQLAlchemy or ReportLab."""
