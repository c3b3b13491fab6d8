// Transactions in plain words, for `lincao inspect`: what a signer agrees
// to when signing. One sentence per body, then its details.
#pragma once

#include <string>
#include <vector>

#include "lincao/v1/tx.pb.h"

namespace lincao::cli {

// The body's field name ("grant_role"), or "" when there is none.
std::string BodyType(const v1::Tx& tx);

// Lines describing the body, e.g. "grant role VERIFIER to verifier-a in
// sectors FOREST, WETLAND".
std::vector<std::string> DescribeBody(const v1::Tx& tx);

// A Tx body by name ("transfer", "retire") or field number ("61"), for
// --allow; 0 when unknown.
int BodyNumber(const std::string& name);
// The name of a Tx body field number ("transfer"), or the number.
std::string BodyName(int number);

}  // namespace lincao::cli
