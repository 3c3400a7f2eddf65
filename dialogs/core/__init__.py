"""The framework every flow stands on: events and replies, the per-update context, flows as step
tables and their registry, time (clock, quiet and working hours, durations), reading words, and
replies becoming outbox rows.
"""
