#include "agentdup/high.h"
