#include "agentdup/a.h"
#include "base/link_internal.h"
