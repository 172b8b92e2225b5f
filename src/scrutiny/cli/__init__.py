"""The command line: parses arguments, calls workflows, prints. Nothing else."""
