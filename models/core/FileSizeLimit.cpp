// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/FileSizeLimit.h"

#include <csignal>

namespace tokendesk {

void reportFileSizeLimitAsAnError()
{
#ifdef SIGXFSZ
    std::signal(SIGXFSZ, SIG_IGN);
#endif
}

} // namespace tokendesk
