"""The calibrated margins the rule decision uses: how strong a winner must be, and by how much it must
lead, before an amount is computed (calibrated with evals/calibrate.py, checked on the held-out set)."""

# Calibrated on evals/conversations.jsonl (development set) with evals/calibrate.py.
FLOOR = 0.46  # below this the best rule is not what the question is about
FIXED_FLOOR = 0.6  # a fixed award named with no figure needs a plainer match (it has no amount to bind)
STRONG = 0.9  # a rule score this high names the rule plainly (calibrated with evals/calibrate.py)
MARGIN = 0.12  # a winner must lead the next different rule by this much, or we ask which
# a weak winner whose words match this little (its lexical part) won on an alias or on meaning alone
THIN_WORDS = 0.3
