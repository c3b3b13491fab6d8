#!/usr/bin/env bash
# The registry demo: one forest project of the Giant Panda National Park
# from methodology to retirement, against a running lincaod, printing each
# step in plain words with the commands it runs.
#
#   tools/demo.sh [--node HOST:PORT] [--keys DIR] [--work DIR] [--lincao PATH]
#
# The node must run a dev chain (`lincao genesis init --dev`, chaincode
# version 4): the demo signs as its founding accounts registrar,
# forestry-bureau and ecology-dept with the key files in --keys (default
# data/dev/keys, what tools/run.sh creates). Every account, project and
# parcel the demo creates carries a tag taken from the chain height, so the
# demo can run again on the same node. Exits non-zero at the first step
# that does not do what it should, naming it.
set -euo pipefail

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

repo="$(cd "$(dirname "$0")/.." && pwd)"
node="${LINCAO_NODE:-127.0.0.1:7050}"
keys="data/dev/keys"
work=""
lincao=""
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node="$2"; shift 2 ;;
    --keys) keys="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --lincao) lincao="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "demo: unknown argument '$1'" >&2; usage 2 ;;
  esac
done
if [ -z "$lincao" ]; then
  lincao="$repo/${LINCAO_BUILD_DIR:-build}/bin/lincao"
  [ -x "$lincao" ] || lincao="$(command -v lincao || true)"
fi
[ -x "$lincao" ] || { echo "demo: no lincao binary; build with tools/build.sh or pass --lincao" >&2; exit 2; }
command -v jq >/dev/null || { echo "demo: needs jq (tools/bootstrap.sh installs it)" >&2; exit 2; }
for k in registrar forestry-bureau ecology-dept; do
  [ -f "$keys/$k.key" ] || { echo "demo: no key file $keys/$k.key; pass the dev chain's keys with --keys" >&2; exit 2; }
done
if [ -z "$work" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/keys" "$work/docs"
export LINCAO_NODE="$node"

# ---- output helpers ----------------------------------------------------------

step_no=0
step() {
  step_no=$((step_no + 1))
  printf '\n== %d. %s\n' "$step_no" "$1"
  shift
  for line in "$@"; do printf '   %s\n' "$line"; done
}
fail() {
  printf '\ndemo FAILED at step %d: %s\n' "$step_no" "$*" >&2
  exit 1
}
# Runs one lincao command, printing it and its output indented; a failure
# stops the demo with the command's error.
last=""
run() {
  printf '   $ lincao %s\n' "$*"
  if ! last="$("$lincao" "$@" 2>&1)"; then
    printf '%s\n' "$last" | sed 's/^/     /'
    fail "lincao $1 $2 failed"
  fi
  # The tx id, expiry and next-step hints of every tx command would drown
  # the story; `lincao query tx` shows them for any tx.
  printf '%s\n' "$last" | grep -Ev '^(tx|expires|next|signers|signatures|signed) |^ +lincao ' |
    sed 's/^/     /' || true
}
# Runs one lincao command with --json, quietly; prints the JSON.
json() {
  "$lincao" "$@" --json 2>"$work/err" || { cat "$work/err" >&2; fail "lincao $* failed"; }
}
# Checks a value, naming what was expected.
expect() {
  local what="$1" got="$2" want="$3"
  [ "$got" = "$want" ] || fail "$what: got '$got', expected '$want'"
  printf '   ok: %s = %s\n' "$what" "$got"
}
key() { printf '%s/%s.key' "$keys" "$1"; }
wkey() { printf '%s/keys/%s.key' "$work" "$1"; }
doc() {  # a small stand-in for an off-chain document; the CLI hashes it
  printf '%s\n' "$2" >"$work/docs/$1"
  printf '%s/docs/%s' "$work" "$1"
}
# Governance: written unsigned, signed by the forestry bureau and the
# ecology department (2 of 3), submitted.
gov() {
  local file="$work/gov-$step_no-$RANDOM.tx"
  run gov "$@" --account forestry-bureau --cosigner ecology-dept --out "$file"
  run sign "$file" --key "$(key forestry-bureau)"
  run sign "$file" --key "$(key ecology-dept)"
  run submit "$file"
}
# Opens an account with a fresh key: ID ROLE [more account open options].
open_account() {
  local id="$1" role="$2"
  shift 2
  "$lincao" keys new --owner "$id" --out "$(wkey "$id")" >/dev/null
  run account open --key "$(key registrar)" --id "$id" --role "$role" \
    --pubkey-file "$(wkey "$id")" --identity-file "$(doc "id-$id.pdf" "identity documents of $id")" "$@"
}

# ---- the demo --------------------------------------------------------------

height="$(json query status | jq -r '.height')" || fail "cannot read the node's status at $node"
version="$(json query governance | jq -r '.chaincode_version')"
[ "$version" -ge 4 ] || fail "the node runs chaincode version $version; the demo needs version 4 (a new dev chain)"
tag="$(printf '%04d' $((height % 10000)))"
coop="panda-coop-$tag"
expert1="expert-zhang-$tag"
expert2="expert-li-$tag"
verifier="verifier-a-$tag"
bank="green-bank-$tag"
exchange="west-exchange-$tag"
expo="chengdu-expo-$tag"
timber="pingwu-timber-$tag"
court="pingwu-court-$tag"
platform="dd-platform-$tag"
methodology="SC-FOR-$(printf '%03d' $((height % 1000)))-V01"
project="SC-P-2026-$tag"

step "Accounts" \
  "The registrar opens accounts for a forest cooperative (project owner), two experts, a" \
  "verifier, a bank, the trading platform, an expo organiser, a timber company, a county" \
  "court and the carbon-neutral service platform, each with the hash of the identity" \
  "documents it checked."
open_account "$coop" project_owner --name "Baoxing Panda Forest Cooperative $tag"
open_account "$expert1" participant
open_account "$expert2" participant
open_account "$verifier" participant
open_account "$bank" participant --name "Sichuan Green Rural Bank $tag"
open_account "$exchange" participant --name "Western Ecological Products Exchange $tag"
open_account "$expo" participant --name "Chengdu Expo Bureau $tag"
open_account "$timber" participant --name "Pingwu Timber Co. $tag"
open_account "$court" participant --name "Pingwu County People's Court $tag"
open_account "$platform" participant --name "Diandian carbon-neutral service platform $tag"

step "Roles" \
  "Governance (the forestry bureau and the ecology department, 2 of 3) makes the experts" \
  "and the verifier reviewers of the forest sector, and grants the bank, the exchange, the" \
  "court and the service platform their roles."
gov role grant "$expert1" expert --sector forest
gov role grant "$expert2" expert --sector forest
gov role grant "$verifier" verifier --sector forest
gov role grant "$bank" finance
gov role grant "$exchange" exchange
gov role grant "$court" judicial
gov role grant "$platform" service_platform

step "Methodology" \
  "The registrar proposes forest methodology $methodology with a 20% buffer share; both" \
  "experts approve it and the forestry bureau approves it for use."
run methodology propose "$methodology" --sector forest --title "Sichuan forest management carbon sink" \
  --buffer-bps 2000 --factor carbon_fraction_permille=470:permille \
  --evidence-file "$(doc methodology.pdf "methodology text")" --key "$(key registrar)"
run methodology evaluate "$methodology" --approve --opinion-file "$(doc op-m1.pdf "opinion 1")" --key "$(wkey "$expert1")"
run methodology evaluate "$methodology" --approve --opinion-file "$(doc op-m2.pdf "opinion 2")" --key "$(wkey "$expert2")"
run methodology approve "$methodology" --key "$(key forestry-bureau)"
expect "methodology status" "$(json query methodology "$methodology" | jq -r '.methodology.status')" "METHODOLOGY_APPROVED"

step "Project" \
  "The cooperative submits project $project in Baoxing county (511827), Giant Panda National" \
  "Park, with two forest sub-compartments; experts evaluate it, the bureau approves it and the" \
  "registrar registers it. Its parcels now belong to it: no other live project can claim them."
cat >"$work/parcels.json" <<JSON
{"parcels": [
  {"label": "Fengtongzhai $tag/3", "area_code": "511827", "compartment": "$tag", "sub_compartment": "3",
   "boundary_file": "$(doc b1.geojson "boundary 1")", "area_ha": "120.50"},
  {"label": "Fengtongzhai $tag/5", "area_code": "511827", "compartment": "$tag", "sub_compartment": "5",
   "boundary_file": "$(doc b2.geojson "boundary 2")", "area_ha": "86.25"}
]}
JSON
run project submit "$project" --methodology "$methodology" --area-code 511827 --parcels "$work/parcels.json" \
  --crediting-start 2025-01-01 --crediting-end 2045-01-01 --tag giant-panda-national-park \
  --title "Baoxing Fengtongzhai panda forest management" --design-file "$(doc design.pdf "design")" \
  --survey-file "$(doc survey.pdf "survey")" --key "$(wkey "$coop")"
run project evaluate "$project" --approve --opinion-file "$(doc op-p1.pdf "opinion 1")" --key "$(wkey "$expert1")"
run project evaluate "$project" --approve --opinion-file "$(doc op-p2.pdf "opinion 2")" --key "$(wkey "$expert2")"
run project approve "$project" --key "$(key forestry-bureau)"
run project register "$project" --key "$(key registrar)"
expect "project status" "$(json query project "$project" | jq -r '.project.status')" "PROJECT_REGISTERED"

step "Monitoring report and verification" \
  "The cooperative reports 1,250 t CO2e for 2025; the verifier reduces it to 1,200 t; both" \
  "experts accept the report."
run report submit --project "$project" --period-start 2025-01-01 --period-end 2026-01-01 \
  --claimed-kg 1250000 --evidence-file "$(doc monitoring.zip "monitoring data")" --key "$(wkey "$coop")"
run report attest --project "$project" --report 1 --verified-kg 1200000 \
  --attestation-file "$(doc verification.pdf "verification")" --key "$(wkey "$verifier")"
run report evaluate --project "$project" --report 1 --approve --opinion-file "$(doc op-r1.pdf "opinion 1")" --key "$(wkey "$expert1")"
run report evaluate --project "$project" --report 1 --approve --opinion-file "$(doc op-r2.pdf "opinion 2")" --key "$(wkey "$expert2")"

step "Issuance with buffer" \
  "The registrar issues the verified 1,200 t as one batch: 20% (240 t, the batch's lowest" \
  "serials) goes to the pooled buffer against reversals, 960 t to the cooperative."
issued="$(json issue --project "$project" --report 1 --key "$(key registrar)")"
batch_id="$(jq -r '.batch_id' <<<"$issued")"
printf '   $ lincao issue --project %s --report 1 --key ...   -> batch %s\n' "$project" "$batch_id"
batch="$(json query batch "$batch_id")"
first="$(jq -r '.serials.first' <<<"$batch")"
expect "batch quantity" "$(jq -r '.quantity' <<<"$batch")" "1200000"
expect "buffer set aside" "$(jq -r '.buffer_issued' <<<"$batch")" "240000"
run query holdings "$coop"

step "Exchange settlement" \
  "The cooperative gives the exchange a mandate to settle its trades. The exchange settles" \
  "one trade in three legs, all or none: 50 t to the expo organiser, 10 t to the timber" \
  "company, 5 t to the service platform. The same trade reference cannot settle twice."
run mandate grant --exchange "$exchange" --key "$(wkey "$coop")"
cat >"$work/trade.json" <<JSON
[{"from": "$coop", "to": "$expo", "quantity": 50000},
 {"from": "$coop", "to": "$timber", "quantity": 10000},
 {"from": "$coop", "to": "$platform", "quantity": 5000}]
JSON
run settle --exchange-ref "WX-$tag-0001" --legs "$work/trade.json" --key "$(wkey "$exchange")"
run query settlement "$exchange" "WX-$tag-0001"
expect "expo organiser's units" "$(json query holdings "$expo" | jq -r '.total')" "50000"
if "$lincao" settle --exchange-ref "WX-$tag-0001" --legs "$work/trade.json" \
  --key "$(wkey "$exchange")" >/dev/null 2>"$work/err"; then
  fail "a trade settled twice"
fi
printf '   ok: settling WX-%s-0001 again is refused: %s\n' "$tag" "$(grep -o 'E[0-9]* [A-Z_]*' "$work/err" | head -1)"

step "A neutrality claim for a large event (碳汇+大型活动, 碳中和见证)" \
  "The expo organiser declares the expo's footprint, 50 t CO2e, as a neutrality claim and" \
  "retires 50 t for it; the retirement names the claim, so the claim is covered, and the" \
  "service platform witnesses it. The certificate names the record, its tx and its block."
event="2026 Western China International Expo $tag"
claim="$(json claim declare --entity-kind event --entity "$event" --period-start 2026-05-01 \
  --period-end 2026-06-01 --footprint-kg 50000 --evidence-file "$(doc expo-footprint.pdf "footprint")" \
  --platform "$platform" --key "$(wkey "$expo")" | jq -r '.claim_id')"
printf '   $ lincao claim declare --entity-kind event --entity "%s" --footprint-kg 50000 ...   -> claim %s\n' \
  "$event" "$claim"
retired="$(json tx retire --key "$(wkey "$expo")" --quantity 50000 \
  --beneficiary-org "Western China Expo Centre" --purpose large-event --event "$event" \
  --event-kind exhibition --claim "$claim" --jurisdiction 510100 --period-start 2026-05-22 \
  --period-end 2026-05-27)"
event_retirement="$(jq -r '.retirement_id' <<<"$retired")"
printf '   $ lincao tx retire --purpose large-event --event "%s" --claim %s --quantity 50000   -> retirement %s\n' \
  "$event" "$claim" "$event_retirement"
run claim witness "$claim" --statement-file "$(doc witness.pdf "witness statement")" --key "$(wkey "$platform")"
run query claim "$claim"
expect "claim coverage" "$(json query claim "$claim" | jq -r '.claim.covered_kg // .covered_kg')" "50000"
run query certificate "$event_retirement"

step "Retirement for tree-planting duty (碳汇+全民义务植树)" \
  "A citizen covers three compulsory tree-planting duties through the service platform," \
  "which retires from its own holdings for the person's salted commitment (never a name)." \
  "Governance sets how many kg one duty is worth; the CLI computes the quantity."
if [ "$(json query governance | jq -r '.parameters[] | select(.name == "kg_per_planting_duty") | .set_height')" = "null" ] ||
  [ "$(json query governance | jq -r '.parameters[] | select(.name == "kg_per_planting_duty") | .set_height')" = "0" ]; then
  gov param set kg_per_planting_duty 20
fi
duty_kg="$(json query governance | jq -r '.parameters[] | select(.name == "kg_per_planting_duty") | .value')"
citizen="$(printf 'demo-salt-%s|citizen-1' "$tag" | sha256sum | cut -c1-64)"
run tx retire --key "$(wkey "$platform")" --duties 3 --beneficiary-commitment "$citizen" \
  --purpose tree-planting-duty --period-start 2026-01-01 --period-end 2027-01-01
expect "units retired for 3 duties" \
  "$(json query retirements --commitment "$citizen" | jq -r '.retirements[0].quantity')" "$((3 * duty_kg))"

step "Retirement for eco-judicial restoration (碳汇+生态司法)" \
  "The timber company, sentenced for illegal logging, retires 10 t as substitute ecological" \
  "restoration; the county court co-signs the retirement with the case number."
run tx retire --key "$(wkey "$timber")" --quantity 10000 --beneficiary-org "Pingwu Timber Co. $tag" \
  --purpose eco-judicial --case-number "(2026)川0727刑初$tag号" --court "$court" \
  --jurisdiction 510727 --period-start 2026-01-01 --period-end 2027-01-01 --out "$work/eco.tx"
run sign "$work/eco.tx" --key "$(wkey "$timber")"
run sign "$work/eco.tx" --key "$(wkey "$court")"
run submit "$work/eco.tx"
expect "timber company's units" "$(json query holdings "$timber" | jq -r '.total')" "0"

step "A personal footprint offset through carbon points (个人碳账户, 权益兑换)" \
  "The service platform opens a personal carbon account for a citizen, known on the chain" \
  "only by a salted commitment; it records a week of metro commuting as points (capped per" \
  "day by governance) and exchanges them for a retirement on the person's behalf from its" \
  "own holdings, purpose personal footprint, category travel (行)."
person="p-$tag-$(printf '%s' "$citizen" | cut -c1-6)"
person_commitment="$(printf 'demo-salt-%s|citizen-2' "$tag" | sha256sum | cut -c1-64)"
run account open-personal --key "$(wkey "$platform")" --id "$person" --commitment "$person_commitment"
today="$(TZ=Asia/Shanghai date +%F)"
run points record --for "$person" --day "$today" --category travel --points 3000 \
  --evidence-file "$(doc trips.json "metro trips")" --key "$(wkey "$platform")"
per_kg="$(json query governance | jq -r '.parameters[] | select(.name == "points_per_kg") | .value')"
run points redeem --for "$person" --retire-kg 2 --category travel --note "Diandian exchange" \
  --key "$(wkey "$platform")"
run query points "$person"
expect "points left" "$(json query points "$person" | jq -r '.balance // .points.balance')" "$((3000 - 2 * per_kg))"
expect "retired for the person" \
  "$(json query retirements --commitment "$person_commitment" | jq -r '.retirements[0].quantity')" "2"

step "A pledge to the bank and its release" \
  "The cooperative pledges 100 t to the bank as loan collateral (both sign); the pledged" \
  "units cannot move. The loan is repaid and the bank releases the pledge."
# The batch's highest serials: the settlement took the lowest.
pledge_last=$((first + 1200000 - 1))
pledge_first=$((pledge_last - 100000 + 1))
run hold pledge --pledgee "$bank" --range "$pledge_first-$pledge_last" --reason "GRB-2026-$tag" \
  --until 2027-06-30 --key "$(wkey "$coop")" --out "$work/pledge.tx"
run sign "$work/pledge.tx" --key "$(wkey "$coop")"
run sign "$work/pledge.tx" --key "$(wkey "$bank")"
hold_id="$(json submit "$work/pledge.tx" | jq -r '.hold_id')"
printf '   $ lincao submit pledge.tx   -> hold %s\n' "$hold_id"
expect "hold status" "$(json query hold "$hold_id" | jq -r '.status')" "HOLD_ACTIVE"
run hold release "$hold_id" --reason "loan repaid" --key "$(wkey "$bank")"
expect "hold status" "$(json query hold "$hold_id" | jq -r '.status')" "HOLD_RELEASED"

step "A fire and its reversal" \
  "The forestry bureau records a fire that destroyed 200 t of the project's reductions. The" \
  "loss is cancelled from the project's own buffer contribution first (then, were that not" \
  "enough, from the pool, oldest batch first); the cooperative's own credits are untouched."
loss="$(json loss report --project "$project" --kind fire --loss-kg 200000 --occurred 2026-03-14 \
  --evidence-file "$(doc fire.pdf "fire survey")" --note "Fengtongzhai $tag/3, 25 ha burnt" \
  --key "$(key forestry-bureau)")"
printf '   $ lincao loss report --project %s --kind fire --loss-kg 200000 ...   -> loss %s\n' \
  "$project" "$(jq -r '.loss_id' <<<"$loss")"
expect "buffer left in batch $batch_id" "$(json query batch "$batch_id" | jq -r '.buffer')" "40000"
expect "cooperative's units" "$(json query holdings "$coop" | jq -r '.total')" "895000"
run query losses --project "$project"

printf '\ndemo complete: %d steps against %s (tag %s)\n' "$step_no" "$node" "$tag"
