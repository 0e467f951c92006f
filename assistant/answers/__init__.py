"""How an answer about the rules is put together: headlines, totals."""
