// Hashes of off-chain documents (methodology texts, project designs, survey
// attestations, monitoring evidence, expert opinions): the ledger stores
// only their 32-byte hash. A command takes each as --<name>-hash HEX (a hash
// computed elsewhere) or --<name>-file FILE (hashed here), never both.
//
// The hash is H of the chain's suite (docs/formats.md "Notation"): for
// ed25519-blake2b, the only suite implemented, unkeyed BLAKE2b with a
// 32-byte digest over the file's bytes. Anyone can recompute it from the
// document (`b2sum -l 256 FILE` prints the same hex).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "chaincode/bytes.h"
#include "chaincode/status.h"

namespace lincao::cli {

struct DocumentHashOptions {
  std::string hex;   // --<name>-hash
  std::string file;  // --<name>-file
};

// Adds --<name>-hash and --<name>-file (mutually exclusive); `what` says
// which document, e.g. "the methodology document".
void AddDocumentHashOptions(CLI::App* cmd, DocumentHashOptions* opts, const std::string& name,
                            const std::string& what);

enum class DocumentHash { kRequired, kOptional };

// The 32-byte hash from the options: INVALID_ARGUMENT when both are given,
// when neither is and the hash is required, or when the hex is not 32
// bytes; STORAGE_IO when the file cannot be read. An optional hash given by
// neither is empty. Hashing a large file prints progress lines to `progress`.
Result<Bytes> ResolveDocumentHash(const DocumentHashOptions& opts, const std::string& name,
                                  std::ostream& progress,
                                  DocumentHash need = DocumentHash::kRequired);

// H(file contents) of suite ed25519-blake2b, read in chunks (a document may
// be larger than memory allows).
Result<Hash32> HashFile(const std::filesystem::path& path, std::ostream& progress);

}  // namespace lincao::cli
