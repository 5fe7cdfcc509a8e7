"""The 预警叫应 screens: the warnings page, the call screen, the board on 今日值班, the relay rules."""
