// SPDX-License-Identifier: GPL-3.0-or-later
// renderResponse on its own, read back by Beast's own response parser: the framing a client
// relies on (status, Content-Length, keep-alive per HTTP version) and that no header the service
// hands over can split the answer or change its length.
#include "models/server/ResponseHead.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>

namespace tokendesk::test {
namespace {

namespace http = boost::beast::http;

struct Parsed
{
    http::response<http::string_body> message;
    std::size_t consumed = 0;
};

Parsed parse(const std::string& bytes)
{
    http::response_parser<http::string_body> parser;
    boost::beast::error_code error;
    Parsed parsed;
    parsed.consumed = parser.put(boost::asio::buffer(bytes), error);
    if (!error && !parser.is_done() && parser.is_header_done())
        parsed.consumed += parser.put(
            boost::asio::buffer(bytes.data() + parsed.consumed, bytes.size() - parsed.consumed), error);
    EXPECT_FALSE(error) << error.message() << "\n" << bytes;
    EXPECT_TRUE(parser.is_done()) << bytes;
    parsed.message = parser.release();
    return parsed;
}

TEST(ResponseHead, AJsonAnswerIsFramedByItsLength)
{
    std::string out;
    renderResponse({200, {}, R"({"valid":true})"}, 11, true, out);
    const Parsed parsed = parse(out);
    EXPECT_EQ(parsed.consumed, out.size()) << "nothing after the body";
    EXPECT_EQ(parsed.message.result_int(), 200);
    EXPECT_EQ(parsed.message.reason(), "OK");
    EXPECT_EQ(parsed.message[http::field::content_type], "application/json");
    EXPECT_EQ(parsed.message[http::field::content_length], "14");
    EXPECT_EQ(parsed.message.body(), R"({"valid":true})");
    EXPECT_TRUE(parsed.message.keep_alive());
}

TEST(ResponseHead, ConnectionFollowsTheVersionAndTheTransportsChoice)
{
    std::string out;
    renderResponse({200, {}, "{}"}, 11, false, out);
    EXPECT_FALSE(parse(out).message.keep_alive()) << out;
    EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);

    renderResponse({200, {}, "{}"}, 10, true, out);
    const Parsed kept = parse(out);
    EXPECT_EQ(kept.message.version(), 10u);
    EXPECT_TRUE(kept.message.keep_alive()) << out;

    renderResponse({200, {}, "{}"}, 10, false, out);
    EXPECT_FALSE(parse(out).message.keep_alive()) << out;
    EXPECT_EQ(out.find("Connection"), std::string::npos) << "HTTP/1.0 closes unless told";
}

TEST(ResponseHead, TheServicesHeadersAreKeptAndItsTypeWins)
{
    std::string out;
    renderResponse({429, {{"Retry-After", "17"}, {"Content-Type", "text/plain"}}, "slow down"}, 11, true,
                   out);
    const Parsed parsed = parse(out);
    EXPECT_EQ(parsed.message.result_int(), 429);
    EXPECT_EQ(parsed.message.reason(), "Too Many Requests");
    EXPECT_EQ(parsed.message[http::field::retry_after], "17");
    EXPECT_EQ(parsed.message[http::field::content_type], "text/plain");
    EXPECT_EQ(std::distance(parsed.message.begin(), parsed.message.end()), 3) << out;
}

TEST(ResponseHead, NoHeaderCanSplitTheAnswerOrChangeItsLength)
{
    std::string out;
    const HttpHeaders hostile{{"X-Note", "a\r\nSet-Cookie: stolen=1"},
                              {"X-Other\r\nSet-Cookie: x", "1"},
                              {"X-Nul", QByteArray("a\0b", 3)},
                              {"Content-Length", "1"},
                              {"transfer-encoding", "chunked"},
                              {"Connection", "keep-alive"},
                              {"", "empty name"},
                              {"X-Kept", "fine"}};
    renderResponse({200, hostile, "twelve bytes"}, 11, false, out);
    const Parsed parsed = parse(out);
    EXPECT_EQ(parsed.consumed, out.size());
    EXPECT_EQ(parsed.message.body(), "twelve bytes");
    EXPECT_EQ(parsed.message[http::field::content_length], "12");
    EXPECT_FALSE(parsed.message.keep_alive());
    EXPECT_EQ(parsed.message.count(http::field::set_cookie), 0u);
    EXPECT_EQ(parsed.message.count(http::field::transfer_encoding), 0u);
    EXPECT_EQ(parsed.message["X-Kept"], "fine");
    EXPECT_EQ(parsed.message.count("X-Note") + parsed.message.count("X-Nul"), 0u);
}

TEST(ResponseHead, NoContentHasNeitherBodyNorLength)
{
    std::string out;
    renderResponse({204, {}, "stray"}, 11, true, out);
    EXPECT_EQ(out.find("Content-Length"), std::string::npos) << out;
    EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n") << "the head ends the answer";
    EXPECT_EQ(parse(out).message.result_int(), 204);
}

TEST(ResponseHead, TheBufferIsReusedFromOneAnswerToTheNext)
{
    std::string out;
    renderResponse({200, {}, QByteArray(4096, 'x')}, 11, true, out);
    const auto capacity = out.capacity();
    renderResponse({404, {}, "{}"}, 11, true, out);
    EXPECT_EQ(parse(out).message.result_int(), 404);
    EXPECT_EQ(out.capacity(), capacity) << "a smaller answer needs no new allocation";
}

} // namespace
} // namespace tokendesk::test
