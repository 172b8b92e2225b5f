"""The vocabulary of budget scrutiny: years, money, proposals, evidence. No I/O."""
