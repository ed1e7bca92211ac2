#include "link_internal.h"
#include "agentdup/a.h"
