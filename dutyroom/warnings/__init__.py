"""预警叫应: warnings received, relayed down the contact tree by calls until a person answers, and recorded."""
