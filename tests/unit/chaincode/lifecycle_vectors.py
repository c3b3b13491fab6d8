#!/usr/bin/env python3
"""Independent derivation of the pinned values in lifecycle_vectors_test.cc.

Encodes the credit lifecycle's state records from the field lists of
docs/formats.md ("State keys and records") with nothing but hashlib, and
computes vintages with Python's own calendar, so the pinned literals are not
merely what the C++ code happens to produce. Not run by ctest; run it by hand
when a format changes on purpose:

    python3 tests/unit/chaincode/lifecycle_vectors.py
"""
import datetime
import hashlib
import struct


def H(b):
    return hashlib.blake2b(b, digest_size=32).digest()


def u8(v):
    return struct.pack(">B", v)


def u32(v):
    return struct.pack(">I", v)


def u64(v):
    return struct.pack(">Q", v)


def s(x):
    if isinstance(x, str):
        x = x.encode()
    return u32(len(x)) + x


methodology = (b"T\x01" + s("SC-FOR-001-V01") + u32(1) + s("Afforestation carbon sink") +
               u32(1500) + u32(2) + s("carbon_fraction_permille") + u64(470) + s("permille") +
               s("wood_density_kg_m3") + u64(450) + s("kg/m3") + s(b"\x31" * 32) +
               s("registrar") + u64(3) + u32(3) + u32(2) + u32(1) + u64(7) + s("bureau") + s("") +
               s(""))
evaluation = (b"U\x01" + s("m:SC-FOR-001-V01") + s("expert-1") + u8(1) + s(b"\x32" * 32) +
              u64(5) + u64(1767225601000) + b"\xab" * 32)
project = (b"J\x01" + s("SC-P-0001") + s("owner-a") + s("SC-FOR-001-V01") + s("510722") +
           u32(2) +
           s("510722") + s("") + s("12") + s("3") + s(b"\x21" * 32) + u64(4200) +
           s("510722") + s("510722GB00001W00000001000000") + s("") + s("") + s(b"\x22" * 32) +
           u64(800) +
           u64(1577808000000) + u64(2208960000000) + u32(2) + u32(1) + u32(4) +
           s("collective") + u32(3000) + s("Pingwu panda habitat") + s(b"\x41" * 32) +
           s(b"\x42" * 32) + u64(10) + u32(4) + u32(2) + u32(0) + u64(14) + s("bureau") +
           s("registrar") + s("") + s("") + u32(1) + u32(1))
claim = b"l\x01" + s("SC-P-0001")
report = (b"Y\x01" + s("SC-P-0001") + u32(1) + s("owner-a") + u64(1735660800000) +
          u64(1767196800000) + u64(120000) + s(b"\x51" * 32) + u64(15) + u32(4) +
          s("verifier-1") + u64(100000) + s(b"\x52" * 32) + u64(16) + u32(2) + u32(0) + u64(19) +
          u64(1))
period = b"I\x01" + u32(1) + u64(1735660800000)

print("methodology ", H(methodology).hex())
print("evaluation  ", H(evaluation).hex())
print("project     ", H(project).hex())
print("claim       ", H(claim).hex())
print("report      ", H(report).hex())
print("period      ", H(period).hex())
print("parcel keys  510722/f/12/3  510722/u/510722GB00001W00000001000000")

# Using credits (chaincode version 4): a retirement record of format 2 (an
# eco-judicial one, co-signed by its court), the totals of a purpose, a
# settlement mandate and a two-leg settlement, and their keys.
commitment = b"\xc0" * 32
retirement_v2 = (b"R\x02" + u64(7) + b"\x61" * 32 + u64(40) + u64(1767225601000) +
                 s("timber-co") + u64(10000) + u32(1) + u64(1) + u64(1100001) + u64(1110000) +
                 s("Pingwu Timber Co.") + s("") + u32(3) + s("") + s("510727") +
                 u64(1767225600000) + u64(1798761600000) + s("substitute restoration") +
                 s("") + u32(0) + u64(0) + u64(0) + s("(2026) Chuan 0727 Xing Chu 15") +
                 s("pingwu-court") + s("") + u32(0) + s("") + u64(0))
totals = b"t\x01" + u64(10000) + u64(1)
mandate = b"m\x01" + s("panda-coop") + s("west-exchange") + u64(32) + u64(1767225602000) + b"\x62" * 32
settlement = (b"s\x01" + s("west-exchange") + s("WX-2026-000381") + b"\x63" * 32 + u64(33) +
              u64(1767225603000) + u32(2) +
              s("panda-coop") + s("chengdu-expo") + u64(500) + u32(1) + u64(1) + u64(240001) +
              u64(240500) +
              s("panda-coop") + s("metro-group") + u64(300) + u32(2) + u64(1) + u64(240501) +
              u64(240600) + u64(2) + u64(1200001) + u64(1200200))
print("retirement v2", H(retirement_v2).hex())
print("totals      ", H(totals).hex())
print("mandate     ", H(mandate).hex())
print("settlement  ", H(settlement).hex())
keys = [b"R/c/" + commitment + b"/" + u64(7), b"R/p/" + u32(3) + b"/" + u64(7),
        b"R/j/SC-P-2026-0001/" + u64(7), b"R/s/" + u64(1767225600000) + b"/" + u64(7),
        b"R/t/" + u32(3), b"T/m/west-exchange/panda-coop", b"T/s/west-exchange/WX-2026-000381"]
for k in keys:
    print("key", k.hex())

# Neutrality claims and personal carbon points (chaincode version 4): a
# witnessed claim, the claim counter, a points account, an earned movement,
# a day's total, and their keys.
claim_v4 = (b"n\x01" + u64(1) + b"\x71" * 32 + u64(27) + u64(1767225604000) + s("tianfu-park") +
            u32(1) + s("Tianfu Software Park") + u64(1767225600000) + u64(1798761600000) +
            u64(3000) + b"\x72" * 32 + s("dd-platform") + u64(3000) + u64(2) + u32(2) +
            s("dd-platform") + u64(31) + u64(1767225605000) + b"\x73" * 32 + s(b"\x74" * 32) +
            s(""))
claim_counter = b"c\x01" + u64(2)
points_account = b"p\x01" + u64(500) + u64(6500) + u64(6000) + u64(5)
movement = (b"m\x01" + u64(1) + u32(1) + u64(3000) + u64(3000) + u64(35) + u64(1767225606000) +
            b"\x75" * 32 + s("dd-platform") + u64(20454) + u32(4) + s(b"\x76" * 32) + u64(0) +
            u64(0) + s(""))
daily = b"d\x01" + u64(5000)
print("claim       ", H(claim_v4).hex())
print("claim count ", H(claim_counter).hex())
print("points      ", H(points_account).hex())
print("movement    ", H(movement).hex())
print("daily       ", H(daily).hex())
keys = [b"N", b"N/" + u64(1), b"E/" + u32(1) + s("Tianfu Software Park") + u64(1),
        b"K/" + u64(1) + b"/" + u64(2), b"P/p-0001", b"M/p-0001/" + u64(1),
        b"D/p-0001/" + u64(20454)]
for k in keys:
    print("key", k.hex())

# Vintage: the calendar year in UTC+8 of the period's last millisecond.
cst = datetime.timezone(datetime.timedelta(hours=8))
for end in (1767196800000, 1767196800001, 951782400000, 4133952000000):
    last = datetime.datetime.fromtimestamp((end - 1) / 1000, tz=cst)
    print("vintage of a period ending", end, "is", last.year)
