#include "cli.h"
#include "agentdup/lib.h"
#include "lib/lib_internal.h"
