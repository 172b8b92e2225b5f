"""The challenge engine: the committee's three questions answered by registered rules.

Pure: it receives a validated ProposalFile, an optional SimulationSummary and a Policy built from
parameters, and returns a ChallengeReport. It never reads files or runs the simulation itself.
"""
