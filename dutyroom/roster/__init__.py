"""The duty roster: calendar, generation, fairness ledger, drafts, publishing, swaps and printouts."""
