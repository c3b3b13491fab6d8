#!/usr/bin/env python3
"""Independent derivation of the pinned values in vectors_test.cc.

Follows the written formats (chaincode/*.h comments, docs/formats.md) with
nothing but Python's hashlib and the `cryptography` package, so the pinned
literals are not merely what the C++ code happens to produce. Not run by
ctest; run it by hand when a format changes on purpose:

    python3 tests/unit/chaincode/vectors.py
"""
import hashlib
import struct

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms


def H(*parts):
    return hashlib.blake2b(b"".join(parts), digest_size=32).digest()


# --- protobuf wire form (only what the vector tx needs) -----------------------
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(num, data):
    return varint((num << 3) | 2) + varint(len(data)) + data


def field_varint(num, v):
    return varint(num << 3) + varint(v) if v else b""


# --- canonical encoding ------------------------------------------------------
def u8(v):
    return struct.pack(">B", v)


def u32(v):
    return struct.pack(">I", v)


def u64(v):
    return struct.pack(">Q", v)


def s(b):
    if isinstance(b, str):
        b = b.encode()
    return u32(len(b)) + b


def key_from_seed(seed):
    sk = Ed25519PrivateKey.from_private_bytes(bytes(seed))
    pk = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return sk, pk


# --- signed tx ---------------------------------------------------------------
vector_sk, vector_pk = key_from_seed(range(0x40, 0x60))
print("public key     ", vector_pk.hex())
rng = field_varint(1, 1001) + field_varint(2, 2500)
transfer = field_bytes(1, b"bob") + field_varint(2, 1500) + field_bytes(3, rng) + field_bytes(4, b"vector")
tx = (field_bytes(1, b"lincao-vectors") + field_bytes(2, bytes(range(16))) +
      field_varint(3, 1767229200000) + field_bytes(4, b"alice") + field_bytes(61, transfer))
sig = vector_sk.sign(b"lincao/tx/v1" + tx)
signature = field_bytes(1, b"alice") + field_varint(2, 0) + field_varint(3, 1) + field_bytes(4, sig)
signed = field_bytes(1, tx) + field_bytes(2, signature)
print("tx bytes       ", tx.hex())
print("signed tx bytes", signed.hex())
print("tx id          ", H(tx).hex())


# --- Merkle (RFC 6962 shape) -------------------------------------------------
def leaf(d):
    return H(b"\x00", d)


def node(l, r):
    return H(b"\x01", l, r)


def mroot(ls):
    if not ls:
        return H(b"")
    if len(ls) == 1:
        return ls[0]
    k = 1
    while k * 2 < len(ls):
        k *= 2
    return node(mroot(ls[:k]), mroot(ls[k:]))


leaves = [leaf(b"leaf-%d" % i) for i in range(5)]
print("merkle 3       ", mroot(leaves[:3]).hex())
print("merkle 5       ", mroot(leaves).hex())


# --- LtHash ------------------------------------------------------------------
def expand(k, v):
    seed = H(s("lincao/lthash/v1") + s(k) + s(v))
    # ChaCha20 (IETF): `cryptography` takes 4-byte LE counter || 12-byte nonce.
    enc = Cipher(algorithms.ChaCha20(seed, bytes(16)), mode=None).encryptor()
    stream = enc.update(bytes(2048))
    return struct.unpack("<1024H", stream)


def state_root(pairs):
    lanes = [0] * 1024
    for k, v in pairs:
        e = expand(k, v)
        lanes = [(a + b) & 0xFFFF for a, b in zip(lanes, e)]
    return H(b"lincao/state/v1", struct.pack("<1024H", *lanes))


small = [(b"a/alice", b"first value"), (b"b/" + u64(1), b"batch one"), (b"c", b"")]
print("lthash root    ", state_root(small).hex())

# --- genesis -----------------------------------------------------------------
chain = "lincao-vectors"
# ChainParams version 2: ... u32 max_ranges_per_tx, u32 chaincode_version, u32 max_ranges_per_account.
params = (b"P\x02" + s(chain) + u32(1) + u64(1767225600000) + u64(86400000) + u32(64) + u32(1) +
          u32(10000))
# Counters version 2: next batch, serial, retirement, hold, cancellation and loss ids.
counters = b"C\x02" + u64(1) + u64(1) + u64(1) + u64(1) + u64(1) + u64(1)


def account(id_, role, pk):
    # AccountRecord version 2: ... str display_name, u64 opened_height, then
    # identity_hash, custodian, holder_commitment (empty for genesis accounts),
    # u64 accounts_in_custody, u64 closed_height (0).
    return (b"A\x02" + s(id_) + u32(1 << role) + u32(1) + u32(1) + u32(0) + u32(1) + s(pk) +
            s(id_) + u64(0) + s(b"") + s(b"") + s(b"") + u64(0) + u64(0))


REGISTRAR, PROJECT_OWNER, PARTICIPANT = 1, 5, 6
accounts = {
    "registrar": account("registrar", REGISTRAR, key_from_seed([1] * 32)[1]),
    "owner": account("owner", PROJECT_OWNER, key_from_seed([2] * 32)[1]),
    "alice": account("alice", PARTICIPANT, vector_pk),
    "bob": account("bob", PARTICIPANT, key_from_seed([4] * 32)[1]),
}
node_rec = b"N\x01" + s("node-1") + u32(1) + s(key_from_seed([5] * 32)[1]) + u8(1)
state = [(b"p", params), (b"c", counters), (b"n/node-1", node_rec)]
state += [(b"a/" + k.encode(), v) for k, v in accounts.items()]
genesis_state_root = state_root(state)
membership = H(b"lincao/members/v1", u32(1) + s(node_rec))
empty_commit = H(b"lincao/commit-cert/v1", u64(0) + s(b"") + u32(0))
header = (s("lincao/header/v1") + s(chain) + u64(0) + s(bytes(32)) + u64(1767225600000) + s("") +
          s(H(b"")) + s(H(b"")) + s(genesis_state_root) + s(membership) + u32(1) + s(empty_commit))
print("genesis state  ", genesis_state_root.hex())
print("genesis hash   ", H(b"lincao/block/v1", header).hex())

# --- block 1 from BuildBlock over a fixed batch -------------------------------
GENESIS_HASH = H(b"lincao/block/v1", header)
T0 = 1767225600000
keys_by_account = {
    "registrar": key_from_seed([1] * 32)[0],
    "owner": key_from_seed([2] * 32)[0],
    "alice": vector_sk,
    "bob": key_from_seed([4] * 32)[0],
}


def make_tx(account, nonce_fill, body_field, body):
    tx = (field_bytes(1, chain.encode()) + field_bytes(2, bytes([nonce_fill]) * 16) +
          field_varint(3, T0 + 3600000) + field_bytes(4, account.encode()) +
          field_bytes(body_field, body))
    sig = keys_by_account[account].sign(b"lincao/tx/v1" + tx)
    signature = field_bytes(1, account.encode()) + field_varint(3, 1) + field_bytes(4, sig)
    # txs_root leaf: tx bytes and signatures framed canonically (key id 0, suite 1).
    leaf_data = s(tx) + u32(1) + s(account) + u32(0) + u32(1) + s(sig)
    return tx, field_bytes(1, tx) + field_bytes(2, signature), leaf_data


txs = [
    make_tx("registrar", 1, 60, field_bytes(1, b"owner") + field_varint(2, 5000) +
            field_bytes(3, b"SC-FOR-001-P001") + field_varint(4, 2025)),
    make_tx("owner", 2, 61, field_bytes(1, b"alice") + field_varint(2, 1500)),
    make_tx("alice", 3, 62, field_varint(1, 100) +
            field_bytes(3, field_bytes(1, b"Chengdu Expo Centre")) + field_varint(4, 1) +
            field_bytes(5, b"expo-2026")),
    make_tx("bob", 4, 61, field_bytes(1, b"alice") + field_varint(2, 1)),
]
ids = [H(tx) for tx, _, _ in txs]


# --- holdings, as docs/formats.md "How transactions change holdings" says --------
def hkey(account, last):
    return b"h/" + account.encode() + b"/" + u64(last)


def holdings_of(st, account):
    """[(first, last, batch)] ascending, read back from state."""
    prefix = b"h/" + account.encode() + b"/"
    out = []
    for k in sorted(st):
        if k.startswith(prefix):
            v = st[k]
            assert v[:2] == b"H\x02"
            batch, first = struct.unpack(">QQ", v[2:])
            out.append((first, struct.unpack(">Q", k[len(prefix):])[0], batch))
    return out


def store_summary(st, account):
    held = holdings_of(st, account)
    key = b"s/" + account.encode()
    if not held:
        st.pop(key, None)
        return
    units = sum(l - f + 1 for f, l, _ in held)
    st[key] = b"S\x01" + u64(units) + u64(len(held)) + u64(held[0][1])


def take_lowest(st, account, q):
    taken, need = [], q
    for f, l, b in holdings_of(st, account):
        if need == 0:
            break
        if l - f + 1 <= need:
            del st[hkey(account, l)]
            taken.append((f, l, b))
            need -= l - f + 1
        else:
            st[hkey(account, l)] = b"H\x02" + u64(b) + u64(f + need)
            taken.append((f, f + need - 1, b))
            need = 0
    assert need == 0
    store_summary(st, account)
    return taken


def receive(st, account, incoming):
    joined = []
    for f, l, b in sorted(incoming):
        if joined and joined[-1][2] == b and joined[-1][1] + 1 == f:
            joined[-1] = (joined[-1][0], l, b)
        else:
            joined.append((f, l, b))
    for a, z, k in joined:
        first = a
        for f2, l2, b2 in holdings_of(st, account):
            if l2 == a - 1 and b2 == k:
                del st[hkey(account, l2)]
                first = f2
        key_last = z
        for f2, l2, b2 in holdings_of(st, account):
            if f2 == z + 1 and b2 == k:
                key_last = l2
        st[hkey(account, key_last)] = b"H\x02" + u64(k) + u64(first)
    store_summary(st, account)


def batch_rec(retired):
    # Version 2: issue_batch leaves code empty and the lifecycle counters 0
    # (report, buffer_issued, buffer, cancelled, held, exported).
    return (b"B\x02" + u64(1) + s("SC-FOR-001-P001") + u32(2025) + u64(1) + u64(5000) + s("owner") +
            u64(1) + u64(retired) + u64(0) + u64(0) + s(b"") + s(b"") + s(b"") + u32(0) +
            u64(0) * 5)


T1 = T0 + 1000
retirement = (b"R\x01" + u64(1) + ids[2] + u64(1) + u64(T1) + s("alice") + u64(100) + u32(1) +
              u64(1) + u64(1) + u64(100) + s("Chengdu Expo Centre") + s(b"") + u32(1) +
              s("expo-2026") + s("") + u64(0) + u64(0) + s(""))


def diff(before, after):
    """The write set: keys that changed or appeared (new value), or went (None)."""
    w = {k: v for k, v in after.items() if before.get(k) != v}
    w.update({k: None for k in before if k not in after})
    return w


state_map = dict(state)
writes = []
# 1. registrar issues 5000 units (batch 1, serials 1-5000) to owner.
after = dict(state_map)
after[b"b/" + u64(1)] = batch_rec(0)
receive(after, "owner", [(1, 5000, 1)])
after[b"c"] = b"C\x02" + u64(2) + u64(5001) + u64(1) + u64(1) * 3
writes.append(diff(state_map, after))
state_map = after
# 2. owner moves 1500 lowest-first to alice.
after = dict(state_map)
receive(after, "alice", take_lowest(after, "owner", 1500))
writes.append(diff(state_map, after))
state_map = after
# 3. alice retires 100 lowest-first (serials 1-100 of batch 1).
after = dict(state_map)
assert take_lowest(after, "alice", 100) == [(1, 100, 1)]
after[b"b/" + u64(1)] = batch_rec(100)
after[b"r/" + u64(1)] = retirement
after[b"c"] = b"C\x02" + u64(2) + u64(5001) + u64(2) + u64(1) * 3
writes.append(diff(state_map, after))
state_map = after
# 4. bob holds nothing: rejected with INSUFFICIENT_UNITS, writes nothing.
writes.append({})
codes = [0, 0, 0, 402]  # OK, OK, OK, INSUFFICIENT_UNITS
created = [1, 0, 1, 0]  # batch 1, -, retirement 1, -


def writes_hash(w):
    out = u32(len(w))
    for k in sorted(w):
        out += s(k) + (u8(0) if w[k] is None else u8(1) + s(w[k]))
    return H(b"lincao/writes/v1", out)


results = [s(ids[i]) + u32(codes[i]) + s(writes_hash(writes[i])) + u64(created[i])
           for i in range(4)]
block_state_root = state_root(sorted(state_map.items()))
txs_root = mroot([leaf(leaf_data) for _, _, leaf_data in txs])
results_root = mroot([leaf(r) for r in results])
header1 = (s("lincao/header/v1") + s(chain) + u64(1) + s(GENESIS_HASH) + u64(T1) + s("node-1") +
           s(txs_root) + s(results_root) + s(block_state_root) + s(membership) + u32(1) +
           s(empty_commit))
print("block txs root ", txs_root.hex())
print("block results  ", results_root.hex())
print("block state    ", block_state_root.hex())
print("block hash     ", H(b"lincao/block/v1", header1).hex())


# --- Ed25519 keys: the verdicts of formats.md's rules, from curve arithmetic ----
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
SMALL_ORDER = {bytes.fromhex(h) for h in (
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")}


def decode_point(b):
    """RFC 8032 5.1.3 decoding to extended coordinates, or None."""
    y = int.from_bytes(b, "little") & ((1 << 255) - 1)
    sign = b[31] >> 7
    if y >= P:
        return None
    u, v = (y * y - 1) % P, (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    if (v * x * x - u) % P != 0:
        x = x * SQRT_M1 % P
        if (v * x * x - u) % P != 0:
            return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def point_add(p, q):
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a, b = (y1 - x1) * (y2 - x2) % P, (y1 + x1) * (y2 + x2) % P
    c, dd = 2 * D * t1 * t2 % P, 2 * z1 * z2 % P
    e, f, g, h = b - a, dd - c, dd + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def scalar_mul(k, p):
    q = (0, 1, 1, 0)
    while k:
        if k & 1:
            q = point_add(q, p)
        p = point_add(p, p)
        k >>= 1
    return q


def is_identity(p):
    x, y, z, _ = p
    return x % P == 0 and (y - z) % P == 0


def encode_point(p):
    x, y, z, _ = p
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def valid_public_key(b):
    """formats.md, 'A valid public key', rules 1-4."""
    if len(b) != 32 or int.from_bytes(b, "little") & ((1 << 255) - 1) >= P:
        return False
    cleared = b[:31] + bytes([b[31] & 0x7F])
    if cleared in SMALL_ORDER:
        return False
    pt = decode_point(b)
    return pt is not None and is_identity(scalar_mul(L, pt))


refused = {
    "identity": "0100000000000000000000000000000000000000000000000000000000000000",
    "order 2": "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "order 4": "0000000000000000000000000000000000000000000000000000000000000000",
    "order 4 sign": "0000000000000000000000000000000000000000000000000000000000000080",
    "order 8 a": "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "order 8 b": "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "order 8 c": "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "order 8 d": "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "y = p": "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "y = p + 1": "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "off curve": "0200000000000000000000000000000000000000000000000000000000000000",
}
assert valid_public_key(vector_pk), "the vector key must be valid"
for name, h in refused.items():
    assert not valid_public_key(bytes.fromhex(h)), name
mixed = encode_point(point_add(decode_point(vector_pk), decode_point(bytes.fromhex(refused["order 8 a"]))))
assert not valid_public_key(mixed)
print("mixed-order key", mixed.hex())


# --- a governed chain: 2-of-3 governance, custody, closing (issue #9) -----------
# Chain "lincao-gov-vectors", chaincode version 2, governed by bureau, ecology
# (two keys, threshold 2) and registrar, 2 of 3. One block of seven txs.
GCHAIN = "lincao-gov-vectors"
SUPERVISOR, VERIFIER, SERVICE_PLATFORM, FINANCE = 2, 4, 8, 9
FOREST, WETLAND = 1, 3
gkeys = {name: key_from_seed([b] * 32) for name, b in
         [("registrar", 0x11), ("bureau", 0x12), ("ecology/0", 0x13), ("ecology/1", 0x14),
          ("platform", 0x15), ("vera", 0x16), ("node-1", 0x17), ("acme", 0x18)]}


def account_v2(id_, roles_mask, threshold, keys, display, opened=0, identity=b"", custodian="",
               commitment=b"", in_custody=0, closed=0):
    """AccountRecord version 2 (formats.md "State keys and records")."""
    out = b"A\x02" + s(id_) + u32(roles_mask) + u32(threshold) + u32(len(keys))
    for key_id, pk in keys:
        out += u32(key_id) + u32(1) + s(pk)
    return (out + s(display) + u64(opened) + s(identity) + s(custodian) + s(commitment) +
            u64(in_custody) + u64(closed))


g_accounts = {
    "registrar": account_v2("registrar", 1 << REGISTRAR, 1, [(0, gkeys["registrar"][1])],
                            "registrar"),
    "bureau": account_v2("bureau", 1 << SUPERVISOR, 1, [(0, gkeys["bureau"][1])], "bureau"),
    "ecology": account_v2("ecology", 1 << SUPERVISOR, 2,
                          [(0, gkeys["ecology/0"][1]), (1, gkeys["ecology/1"][1])], "ecology"),
    "platform": account_v2("platform", 1 << SERVICE_PLATFORM, 1, [(0, gkeys["platform"][1])],
                           "platform"),
    "vera": account_v2("vera", 1 << PARTICIPANT, 1, [(0, gkeys["vera"][1])], "vera"),
}
g_params = (b"P\x02" + s(GCHAIN) + u32(1) + u64(T0) + u64(86400000) + u32(64) + u32(2) +
            u32(10000))
g_node = b"N\x01" + s("node-1") + u32(1) + s(gkeys["node-1"][1]) + u8(1)
g_policy = b"G\x01" + u32(2) + u32(3) + s("bureau") + s("ecology") + s("registrar")
g_state = {b"p": g_params, b"c": counters, b"n/node-1": g_node, b"g": g_policy}
g_state.update({b"a/" + k.encode(): v for k, v in g_accounts.items()})
g_membership = H(b"lincao/members/v1", u32(1) + s(g_node))
g_header0 = (s("lincao/header/v1") + s(GCHAIN) + u64(0) + s(bytes(32)) + u64(T0) + s("") +
             s(H(b"")) + s(H(b"")) + s(state_root(sorted(g_state.items()))) + s(g_membership) +
             u32(2) + s(empty_commit))
G_GENESIS = H(b"lincao/block/v1", g_header0)
print("gov genesis    ", G_GENESIS.hex())


def packed(num, values):
    return field_bytes(num, b"".join(varint(v) for v in values)) if values else b""


def gov_tx(account, cosigners, nonce_fill, body_field, body, signers):
    """signers: [(signature account, key id, secret key)] in the chain's order."""
    tx = (field_bytes(1, GCHAIN.encode()) + field_bytes(2, bytes([nonce_fill]) * 16) +
          field_varint(3, T0 + 3600000) + field_bytes(4, account.encode()) +
          b"".join(field_bytes(5, c.encode()) for c in cosigners) + field_bytes(body_field, body))
    sigs, leaf_sigs = b"", b""
    for name, key_id, sk in signers:
        sig = sk.sign(b"lincao/tx/v1" + tx)
        sigs += field_bytes(2, field_bytes(1, name.encode()) + field_varint(2, key_id) +
                            field_varint(3, 1) + field_bytes(4, sig))
        leaf_sigs += s(name) + u32(key_id) + u32(1) + s(sig)
    return tx, field_bytes(1, tx) + sigs, s(tx) + u32(len(signers)) + leaf_sigs


SK = {name: pair[0] for name, pair in gkeys.items()}
commitment = H(b"salt-0042/person-0001")
identity = H(b"acme identity documents")
acme_pk = gkeys["acme"][1]
public_key_msg = field_varint(2, 1) + field_bytes(3, acme_pk)  # key_id 0 is not written
gtxs = [
    # 1. grant VERIFIER (forest, wetland) to vera: bureau acting, ecology cosigning with
    #    both its keys; signatures grouped by named account, key ids ascending.
    gov_tx("bureau", ["ecology"], 1, 20,
           field_bytes(1, b"vera") + field_varint(2, VERIFIER) + packed(3, [FOREST, WETLAND]),
           [("bureau", 0, SK["bureau"]), ("ecology", 0, SK["ecology/0"]),
            ("ecology", 1, SK["ecology/1"])]),
    # 2. set max_ranges_per_tx to 32: registrar acting, bureau cosigning.
    gov_tx("registrar", ["bureau"], 2, 23, field_bytes(1, b"max_ranges_per_tx") + field_varint(2, 32),
           [("registrar", 0, SK["registrar"]), ("bureau", 0, SK["bureau"])]),
    # 3. bureau suspends vera's verifier work in the forest sector.
    gov_tx("bureau", [], 3, 27,
           field_bytes(1, b"vera") + field_varint(2, 1) + packed(4, [FOREST]) +
           field_bytes(5, b"attestation under review"),
           [("bureau", 0, SK["bureau"])]),
    # 4. the platform opens a custodial personal account.
    gov_tx("platform", [], 4, 12, field_bytes(1, b"p-0001") + field_bytes(2, commitment),
           [("platform", 0, SK["platform"])]),
    # 5. the personal account closes itself, signed by its custodian's key in its name.
    gov_tx("p-0001", [], 5, 13, field_bytes(1, b"p-0001"), [("p-0001", 0, SK["platform"])]),
    # 6. the registrar opens an organisation account with its identity hash.
    gov_tx("registrar", [], 6, 10,
           field_bytes(1, b"acme") + packed(2, [PARTICIPANT]) + field_varint(3, 1) +
           field_bytes(4, public_key_msg) + field_bytes(5, b"Acme Forest Products") +
           field_bytes(6, identity),
           [("registrar", 0, SK["registrar"])]),
    # 7. a grant by bureau alone: one governing account of the two needed.
    gov_tx("bureau", [], 7, 20, field_bytes(1, b"vera") + field_varint(2, FINANCE),
           [("bureau", 0, SK["bureau"])]),
]
gids = [H(tx) for tx, _, _ in gtxs]
print("gov grant tx   ", gtxs[0][1].hex())
print("gov grant id   ", gids[0].hex())

# The state after each tx, as formats.md "Chaincode versions 1 and 2" says.
gst = dict(g_state)
gwrites = []


def step(changes):
    global gst
    after = dict(gst)
    after.update(changes)
    gwrites.append(diff(gst, after))
    gst = after


vera_rec = account_v2("vera", (1 << PARTICIPANT) | (1 << VERIFIER), 1, [(0, gkeys["vera"][1])],
                      "vera")
step({b"a/vera": vera_rec, b"e/vera/" + u64(VERIFIER): b"E\x01" + u32((1 << FOREST) | (1 << WETLAND))})
step({b"m/max_ranges_per_tx": b"M\x01" + u64(32) + u64(1)})
sanction_rec = (b"X\x01" + s("vera") + u32(1) + u32(0) + u32(1 << FOREST) + s("bureau") +
                s("attestation under review") + u64(1) + u64(T1) + gids[2])
step({b"x/vera": sanction_rec})
personal = dict(roles_mask=1 << PARTICIPANT, threshold=0, keys=[], display="", opened=1,
                custodian="platform", commitment=commitment)
platform = dict(roles_mask=1 << SERVICE_PLATFORM, threshold=1,
                keys=[(0, gkeys["platform"][1])], display="platform")
step({b"a/p-0001": account_v2("p-0001", **personal),
      b"a/platform": account_v2("platform", **platform, in_custody=1)})
step({b"a/p-0001": account_v2("p-0001", **personal, closed=1),
      b"a/platform": account_v2("platform", **platform, in_custody=0)})
acme_rec = account_v2("acme", 1 << PARTICIPANT, 1, [(0, acme_pk)], "Acme Forest Products",
                      opened=1, identity=identity)
step({b"a/acme": acme_rec})
gwrites.append({})  # GOVERNANCE_QUORUM_NOT_MET writes nothing
gcodes = [0, 0, 0, 0, 0, 0, 209]
for key in [b"a/vera", b"e/vera/" + u64(VERIFIER), b"m/max_ranges_per_tx", b"x/vera",
            b"a/p-0001", b"a/acme"]:
    print("gov record     ", key.hex(), gst[key].hex())
g_results = [s(gids[i]) + u32(gcodes[i]) + s(writes_hash(gwrites[i])) + u64(0) for i in range(7)]
g_txs_root = mroot([leaf(ld) for _, _, ld in gtxs])
g_results_root = mroot([leaf(r) for r in g_results])
g_state_root = state_root(sorted(gst.items()))
g_header1 = (s("lincao/header/v1") + s(GCHAIN) + u64(1) + s(G_GENESIS) + u64(T1) + s("node-1") +
             s(g_txs_root) + s(g_results_root) + s(g_state_root) + s(g_membership) + u32(2) +
             s(empty_commit))
print("gov txs root   ", g_txs_root.hex())
print("gov results    ", g_results_root.hex())
print("gov state      ", g_state_root.hex())
print("gov block hash ", H(b"lincao/block/v1", g_header1).hex())
