"""The 开通向导 and the today board's 开通清单 (the setup steps of ``dutyroom.setup``)."""
