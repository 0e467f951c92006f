"""Question understanding: numbers and their roles, the rule index, the margin decision, entities."""
