// SPDX-License-Identifier: GPL-3.0-or-later
// The smallest Boost.Beast server that answers POST /v1/verify with a fixed JSON body, with one
// io_context run by N threads. One side of the HTTP library measurement of issue 6.
// Usage: http-compare-beast PORT THREADS
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session>
{
public:
    explicit Session(tcp::socket socket) : m_stream(std::move(socket)) {}
    void start() { read(); }

private:
    void read()
    {
        m_request = {};
        http::async_read(m_stream, m_buffer, m_request,
                         [self = shared_from_this()](beast::error_code error, std::size_t) {
                             if (!error)
                                 self->respond();
                         });
    }
    void respond()
    {
        auto response =
            std::make_shared<http::response<http::string_body>>(http::status::ok, m_request.version());
        response->set(http::field::content_type, "application/json");
        response->keep_alive(m_request.keep_alive());
        response->body() = R"({"valid":true,"id":1,"role":"developer","label":"x"})";
        response->prepare_payload();
        http::async_write(m_stream, *response,
                          [self = shared_from_this(), response](beast::error_code error, std::size_t) {
                              if (!error && response->keep_alive())
                                  self->read();
                          });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    http::request<http::string_body> m_request;
};

void accept(tcp::acceptor& acceptor)
{
    acceptor.async_accept([&acceptor](beast::error_code error, tcp::socket socket) {
        if (!error) {
            socket.set_option(tcp::no_delay(true));
            std::make_shared<Session>(std::move(socket))->start();
        }
        accept(acceptor);
    });
}

} // namespace

int main(int argc, char* argv[])
{
    if (argc != 3) {
        std::cerr << "usage: http-compare-beast PORT THREADS\n";
        return 2;
    }
    const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
    const int threads = std::atoi(argv[2]);
    asio::io_context context(threads);
    tcp::acceptor acceptor(context, {asio::ip::make_address("127.0.0.1"), port});
    accept(acceptor);
    std::vector<std::thread> workers;
    for (int n = 1; n < threads; ++n)
        workers.emplace_back([&context] { context.run(); });
    context.run();
    for (std::thread& worker : workers)
        worker.join();
}
