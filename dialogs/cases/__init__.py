"""What a young person and their team share about a case: cards and relayed messages, notes to the
team, threads and bursts, the network record and how someone is described, who is talking now,
the kinds of danger on an alert, and the bot's place in chats.
"""
