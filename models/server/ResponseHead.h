// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"

#include <string>

namespace tokendesk {

// Writes an HttpResponse as the bytes of one HTTP/1.x answer — status line, the service's
// headers, Content-Type (JSON unless given), Content-Length and the Connection header that
// `keepAlive` needs for `version` (10 or 11), then the body — into `out`, reusing its capacity.
// Beast's serializer walks a nested buffer sequence several times per write (a sixth of the
// transport's CPU samples); one flat buffer goes out with one send. With WorkerExecutor, this
// took the transport from 20 to about 11 us of CPU per request (tests/bench/verify-http).
// Framing stays the transport's: the service's own Content-Length, Transfer-Encoding and
// Connection headers are ignored, 1xx, 204 and 304 get neither length nor body, and a header
// whose name or value holds CR, LF or NUL is dropped, so no answer can split into two.
void renderResponse(const HttpResponse& response, unsigned version, bool keepAlive, std::string& out);

} // namespace tokendesk
