// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/server/ServerRuntime.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <vector>

namespace tokendesk {

class HttpService;
class HttpConnection;

// A worker's sockets name its loop's executor type instead of the type-erased any_io_executor:
// copying and destroying that one on every operation cost about a tenth of the transport's CPU.
using WorkerExecutor = boost::asio::io_context::executor_type;
using WorkerSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, WorkerExecutor>;
using WorkerAcceptor = boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, WorkerExecutor>;

// The connections of one HTTP worker thread (Boost.Beast over Boost.Asio): each reads one request
// at a time under the limits of ListenOptions, refusing what is too large while it is still
// arriving (413 for a body, 431 for the head), and closes a client that is too slow or silent.
// What the service answers at once (verify, health) is answered on the worker's own thread; every
// other call waits on the store's writer, so it is handed to the management pool and never holds
// up the verifies behind it on the same thread. Used only on its worker's thread (ServerRuntime).
class ConnectionHub
{
public:
    ConnectionHub(HttpService& service, ListenOptions options, std::atomic<int>& open,
                  boost::asio::ssl::context* tls, boost::asio::io_context& management);
    ~ConnectionHub();
    ConnectionHub(const ConnectionHub&) = delete;
    ConnectionHub& operator=(const ConnectionHub&) = delete;

    // Serves `socket` until either side closes it.
    void serve(WorkerSocket socket);
    // Shutting down: connections waiting for a request close now, those inside one answer it and
    // then close.
    void stop();
    bool stopping() const { return m_stopping; }

    HttpService& service() const { return m_service; }
    const ListenOptions& options() const { return m_options; }
    boost::asio::io_context& management() const { return m_management; }
    std::atomic<int>& openCounter() const { return m_open; }

private:
    HttpService& m_service;
    ListenOptions m_options;
    std::atomic<int>& m_open;
    boost::asio::ssl::context* m_tls;
    boost::asio::io_context& m_management;
    std::vector<std::weak_ptr<HttpConnection>> m_connections;
    std::size_t m_pruneAt = 64;
    bool m_stopping = false;
};

} // namespace tokendesk
