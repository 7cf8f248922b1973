"""FOI Spend Explorer: domain logic for disclosed and withheld public spending."""
