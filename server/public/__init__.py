"""What anyone may send without an account (residents' tips and safety ratings), and the limits
that keep a flood from one client from costing the service or keeping others out."""
