/* bouncescan.h: the public interface of libbouncescan, all modules. */
#pragma once

#include "bs-charsets.h"
#include "bs-class.h"
#include "bs-csv.h"
#include "bs-error.h"
#include "bs-history.h"
#include "bs-jsonl.h"
#include "bs-options.h"
#include "bs-policy.h"
#include "bs-report.h"
#include "bs-row.h"
#include "bs-rules.h"
#include "bs-scan.h"
#include "bs-smtpcode.h"
#include "bs-table.h"
#include "bs-verp.h"
#include "bs-writer.h"
