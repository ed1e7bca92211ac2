#include "../base/b.h"
#include "stopwords.inc"
#include "nothere.h"
#include <nothere_either.h>
