// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"

namespace tokendesk {

// What the HTTP transport (ServerRuntime, ConnectionHub) serves: ApiService in the product, a
// fixed answer in the transport benchmark. Called from several threads at once.
class HttpService
{
public:
    virtual ~HttpService() = default;
    virtual HttpResponse handle(const HttpRequest& request) = 0;
    // True when the request is answered without waiting on the store's writer (verify, health):
    // the transport then answers it on the connection's own thread. Anything else goes to the
    // management pool, so a slow write never holds up the verifies queued behind it.
    virtual bool answersAtOnce(const HttpRequest& request) const = 0;
};

} // namespace tokendesk
