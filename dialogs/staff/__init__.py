"""Staff flows: a coordinator's caseload, /case, /newcase and /plan, the team's side of cards and
replies, the outcome report, and the operator's actions the CLI shares.
"""
