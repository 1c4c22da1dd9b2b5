/*
 * pcl: the umbrella header of libpcl, the only header cmd/ includes.
 */
#ifndef PCL_H
#define PCL_H

#include "error.h"
#include "money.h"
#include "date.h"
#include "schema.h"
#include "reason.h"
#include "job.h"
#include "ledger.h"
#include "json.h"
#include "rules.h"
#include "codes.h"
#include "writer.h"
#include "export.h"
#include "exportreq.h"

#endif
