// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/HttpConnection.h"

#include "models/core/Secret.h"
#include "models/server/ApiReplies.h"
#include "models/server/HttpService.h"
#include "models/server/ResponseHead.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstring>
#include <iterator>
#include <optional>

namespace tokendesk {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

using TcpStream = beast::basic_stream<asio::ip::tcp, WorkerExecutor>;

struct TransportText
{
    Q_DECLARE_TR_FUNCTIONS(HttpConnection)
};

// After an error reply on a connection whose request was not read to its end (a body too large):
// the server stops sending, then reads and drops what the client still sends for this long and up
// to this much, so the client reads the reply before the connection is reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = std::size_t(1) << 20;

QHostAddress toQt(const asio::ip::address& address)
{
    if (address.is_v4())
        return QHostAddress(address.to_v4().to_uint());
    const auto bytes = address.to_v6().to_bytes();
    return QHostAddress(bytes.data());
}

QByteArray toQt(beast::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

// A plain path ("/v1/verify"): nothing to decode, no query, so QUrl has nothing to add. Parsing
// it with QUrl cost about a tenth of a whole verify.
bool isPlainPath(beast::string_view target)
{
    if (target.size() < 2 || target[0] != '/' || target[1] == '/')
        return false;
    return std::all_of(target.begin(), target.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '\\';
    });
}

// The request as ApiService reads it: the path decoded as QtHttpServer decoded it, the query
// split, every header kept in order.
HttpRequest toApiRequest(const http::request<http::string_body>& request, const QHostAddress& peer)
{
    HttpRequest call;
    call.method = toQt(request.method_string());
    if (isPlainPath(request.target())) {
        call.path = QString::fromLatin1(request.target().data(), qsizetype(request.target().size()));
    } else {
        const QByteArray target = toQt(request.target());
        const QUrl url = QUrl::fromEncoded(target.startsWith('/') ? "http://localhost" + target : target);
        call.path = url.path();
        call.query = QUrlQuery(url);
    }
    call.headers.reserve(qsizetype(std::distance(request.begin(), request.end())));
    for (const auto& field : request)
        call.headers.append({toQt(field.name_string()), toQt(field.value())});
    call.body = QByteArray(request.body().data(), qsizetype(request.body().size()));
    call.peerAddress = peer;
    return call;
}

} // namespace

// One client connection; the stream is plain TCP or TLS over it.
class HttpConnection
{
public:
    virtual ~HttpConnection() = default;
    virtual void start() = 0;
    // Closes the connection if it is between requests; otherwise it closes after its answer.
    virtual void stopWhenIdle() = 0;
};

namespace {

template <class Stream>
class Connection final : public HttpConnection, public std::enable_shared_from_this<Connection<Stream>>
{
public:
    template <class... StreamArguments>
    Connection(ConnectionHub& hub, WorkerSocket socket, StreamArguments&&... arguments)
        : m_hub(hub), m_options(hub.options()), m_open(hub.openCounter()),
          m_peer(socket.remote_endpoint(m_ignored).address()),
          m_stream(std::move(socket), std::forward<StreamArguments>(arguments)...)
    {
        m_open.fetch_add(1, std::memory_order_relaxed);
    }
    ~Connection() override { m_open.fetch_sub(1, std::memory_order_relaxed); }

    void start() override
    {
        if constexpr (std::is_same_v<Stream, TcpStream>) {
            awaitRequest();
        } else {
            lowest().expires_after(seconds(m_options.headerTimeoutSeconds));
            m_stream.async_handshake(asio::ssl::stream_base::server,
                                     [self = this->shared_from_this()](beast::error_code error) {
                                         if (error)
                                             return self->close();
                                         self->awaitRequest();
                                     });
        }
    }

    void stopWhenIdle() override
    {
        if (m_betweenRequests)
            lowest().socket().close(m_ignored); // cancels the pending read
    }

private:
    static std::chrono::seconds seconds(int count) { return std::chrono::seconds(count); }
    TcpStream& lowest() { return beast::get_lowest_layer(m_stream); }

    // Waits for the first byte of the next request: a new connection gets the header timeout (or
    // the idle timeout when that is shorter), a kept-alive one the idle timeout. Then the head has the header
    // timeout to arrive in full.
    void awaitRequest()
    {
        if (m_hub.stopping())
            return close();
        if (m_buffer.size() > 0) // pipelined: the next request has begun already
            return readHead();
        m_betweenRequests = true;
        lowest().expires_after(
            seconds(m_served == 0 ? std::min(m_options.headerTimeoutSeconds, m_options.idleTimeoutSeconds)
                                  : m_options.idleTimeoutSeconds));
        m_stream.async_read_some(m_buffer.prepare(4096), [self = this->shared_from_this()](
                                                             beast::error_code error, std::size_t read) {
            self->m_betweenRequests = false;
            if (error)
                return self->close();
            self->m_buffer.commit(read);
            self->readHead();
        });
    }

    void readHead()
    {
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(m_options.maxHeaderBytes));
        m_parser->body_limit(std::uint64_t(m_options.maxBodyBytes));
        lowest().expires_after(seconds(m_options.headerTimeoutSeconds));
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = this->shared_from_this()](beast::error_code error, std::size_t) { self->onHead(error); });
    }

    void onHead(beast::error_code error)
    {
        if (error == http::error::header_limit)
            return refuse(431, TransportText::tr("The request's head is larger than %1 KiB.")
                                   .arg(m_options.maxHeaderBytes / 1024));
        if (error == http::error::body_limit) // the announced Content-Length, before any of it
            return refuse(413, bodyTooLarge());
        if (error == beast::error::timeout || error == http::error::end_of_stream ||
            error == asio::error::operation_aborted)
            return close();
        if (error)
            return refuse(400, TransportText::tr("The request is not valid HTTP/1.1."));
        const auto& head = m_parser->get();
        if (std::distance(head.begin(), head.end()) > m_options.maxHeaderFields)
            return refuse(431, TransportText::tr("The request has more than %1 header fields.")
                                   .arg(m_options.maxHeaderFields));
        if (m_parser->is_done())
            return dispatch();
        if (beast::iequals(head[http::field::expect], "100-continue")) {
            m_interim.emplace(http::status::continue_, head.version());
            return http::async_write(
                m_stream, *m_interim,
                [self = this->shared_from_this()](beast::error_code failed, std::size_t) {
                    if (failed)
                        return self->close();
                    self->readBody();
                });
        }
        readBody();
    }

    void readBody()
    {
        lowest().expires_after(seconds(m_options.bodyTimeoutSeconds));
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                             if (error == http::error::body_limit) // the running total of a chunked body
                                 return self->refuse(413, self->bodyTooLarge());
                             if (error)
                                 return self->close();
                             self->dispatch();
                         });
    }

    QString bodyTooLarge() const
    {
        return TransportText::tr("The request body is larger than %1 KiB.")
            .arg(m_options.maxBodyBytes / 1024);
    }

    void dispatch()
    {
        lowest().expires_never(); // the answer may wait on the store; the write has its own timeout
        const auto& request = m_parser->get();
        m_keepAlive = request.keep_alive();
        m_version = request.version();
        HttpRequest call = toApiRequest(request, toQt(m_peer));
        if (m_hub.service().answersAtOnce(call))
            return respond(m_hub.service().handle(call));
        // The management pool answers; the guard keeps this worker's loop running meanwhile.
        asio::post(m_hub.management(),
                   [self = this->shared_from_this(), call = std::move(call), &service = m_hub.service(),
                    guard = asio::make_work_guard(m_stream.get_executor())]() mutable {
                       HttpResponse response = service.handle(call);
                       asio::post(guard.get_executor(),
                                  [self = std::move(self), response = std::move(response)]() mutable {
                                      self->respond(std::move(response));
                                  });
                   });
    }

    void respond(HttpResponse response, bool closeAfter = false)
    {
        const bool keepAlive = m_keepAlive && !closeAfter && !m_hub.stopping();
        renderResponse(response, m_version, keepAlive, m_answer);
        const bool sensitive = response.sensitive;
        if (sensitive)
            secureWipe(response.body); // m_answer holds the only copy now, until it is written
        lowest().expires_after(seconds(m_options.bodyTimeoutSeconds));
        asio::async_write(m_stream, asio::buffer(m_answer),
                          [self = this->shared_from_this(), keepAlive, closeAfter,
                           sensitive](beast::error_code error, std::size_t) {
                              if (sensitive) // written or failed, the token's last copy here goes
                                  explicit_bzero(self->m_answer.data(), self->m_answer.size());
                              if (error)
                                  return self->close();
                              ++self->m_served;
                              if (closeAfter)
                                  return self->linger();
                              if (!keepAlive)
                                  return self->close();
                              self->awaitRequest();
                          });
    }

    // An answer to a request that was not read to its end: sent, then the connection closes.
    void refuse(int status, const QString& message)
    {
        m_keepAlive = false;
        if (m_parser && m_parser->is_header_done())
            m_version = m_parser->get().version();
        respond(ApiReplies::failure(status, ErrorCode::InvalidInput, message), true);
    }

    void linger()
    {
        lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_send, m_ignored);
        lowest().expires_after(kLingerTime);
        drain();
    }

    void drain()
    {
        m_buffer.clear();
        lowest().async_read_some(m_buffer.prepare(65536), [self = this->shared_from_this()](
                                                              beast::error_code error, std::size_t read) {
            self->m_drained += read;
            if (error || self->m_drained > kLingerBytes)
                return self->close();
            self->drain();
        });
    }

    void close()
    {
        m_betweenRequests = false;
        lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, m_ignored);
        lowest().close();
    }

    ConnectionHub& m_hub;
    const ListenOptions& m_options;
    std::atomic<int>& m_open;
    beast::error_code m_ignored;
    asio::ip::address m_peer;
    Stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::optional<http::response<http::empty_body>> m_interim;
    std::string m_answer; // the bytes of the answer being written; its capacity is reused
    unsigned m_version = 11;
    bool m_keepAlive = false;
    bool m_betweenRequests = false;
    std::size_t m_drained = 0;
    int m_served = 0;
};

} // namespace

ConnectionHub::ConnectionHub(HttpService& service, ListenOptions options, std::atomic<int>& open,
                             asio::ssl::context* tls, asio::io_context& management)
    : m_service(service), m_options(std::move(options)), m_open(open), m_tls(tls), m_management(management)
{}

ConnectionHub::~ConnectionHub() = default;

void ConnectionHub::serve(WorkerSocket socket)
{
    std::shared_ptr<HttpConnection> connection;
    if (m_tls)
        connection =
            std::make_shared<Connection<beast::ssl_stream<TcpStream>>>(*this, std::move(socket), *m_tls);
    else
        connection = std::make_shared<Connection<TcpStream>>(*this, std::move(socket));
    // Forget connections that have ended whenever the list has doubled: it stays within twice
    // the open connections, at a constant cost per connection.
    if (m_connections.size() >= m_pruneAt) {
        std::erase_if(m_connections,
                      [](const std::weak_ptr<HttpConnection>& entry) { return entry.expired(); });
        m_pruneAt = std::max<std::size_t>(64, 2 * m_connections.size());
    }
    m_connections.push_back(connection);
    connection->start();
}

void ConnectionHub::stop()
{
    m_stopping = true;
    for (const auto& entry : m_connections) {
        if (const auto connection = entry.lock())
            connection->stopWhenIdle();
    }
}

} // namespace tokendesk
