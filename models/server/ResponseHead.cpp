// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ResponseHead.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace tokendesk {

namespace {

bool framesTheMessage(const QByteArray& name)
{
    return name.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
           name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0 ||
           name.compare("Connection", Qt::CaseInsensitive) == 0;
}

bool isSafeFieldText(const QByteArray& text)
{
    return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
}

void appendNumber(std::string& out, unsigned long long number)
{
    char digits[24];
    const auto end = std::to_chars(std::begin(digits), std::end(digits), number).ptr;
    out.append(digits, std::size_t(end - digits));
}

void appendHeaderField(std::string& out, std::string_view name, std::string_view value)
{
    out.append(name).append(": ").append(value).append("\r\n");
}

std::string_view view(const QByteArray& bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

} // namespace

void renderResponse(const HttpResponse& response, unsigned version, bool keepAlive, std::string& out)
{
    out.clear();
    out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    appendNumber(out, unsigned(response.status));
    const auto reason =
        boost::beast::http::obsolete_reason(boost::beast::http::int_to_status(unsigned(response.status)));
    out.append(" ").append(reason.data(), reason.size()).append("\r\n");
    bool typed = false;
    for (const auto& [name, value] : response.headers) {
        if (name.isEmpty() || framesTheMessage(name) || !isSafeFieldText(name) || !isSafeFieldText(value))
            continue;
        typed = typed || name.compare("Content-Type", Qt::CaseInsensitive) == 0;
        appendHeaderField(out, view(name), view(value));
    }
    if (!typed)
        appendHeaderField(out, "Content-Type", "application/json");
    // 1xx, 204 and 304 carry neither a body nor its length (RFC 9110 8.6, RFC 9112 6.3).
    const bool bodiless = response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodiless) {
        out.append("Content-Length: ");
        appendNumber(out, std::size_t(response.body.size()));
        out.append("\r\n");
    }
    // HTTP/1.1 keeps the connection unless told; HTTP/1.0 closes it unless told (RFC 9112 9.3).
    if (version == 10 && keepAlive)
        appendHeaderField(out, "Connection", "keep-alive");
    else if (version != 10 && !keepAlive)
        appendHeaderField(out, "Connection", "close");
    out.append("\r\n");
    if (!bodiless)
        out.append(view(response.body));
}

} // namespace tokendesk
