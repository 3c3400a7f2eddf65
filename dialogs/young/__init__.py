"""Young people's flows: joining and consent, the menu, my people and their picture, my plan and
its review, asking for support, my data, and answers to feelings.
"""
