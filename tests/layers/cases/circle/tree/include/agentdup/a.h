#include "agentdup/b.h"
