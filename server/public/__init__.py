"""What anyone may send without an account (residents' tips and safety ratings), and the limits
that keep a flood from one client from costing the service or keeping others out."""

# The routes anyone may send to without an account.
PREFIX = "/api/v1/public/"
# A public JSON body (a tip, a rating) is a few hundred bytes; one over this is refused with 413
# before it is read or parsed. Photos are raw bytes, under MAX_CONTENT_LENGTH as for staff.
MAX_JSON_BYTES = 64 * 1024
