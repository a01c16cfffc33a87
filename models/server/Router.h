// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tokendesk {

// Where the server answers an endpoint's requests (see HttpService::answersAtOnce).
enum class RouteLane
{
    Management,          // may wait on the store's writer: the management pool answers
    AtOnce,              // never writes: the connection's own thread answers
    AtOnceWhenAnonymous, // at once, unless it carries a credential (checking one may write)
};

// One row of a route table, what the OpenAPI document calls an operation.
struct RouteEndpoint
{
    QByteArray method; // "GET", "POST", ... (compared exactly, as before)
    QString pattern;   // "/v1/tokens/{id}": a {name} segment captures one path segment
    bool authenticated = false;
    RouteLane lane = RouteLane::Management;
};

// Who may call an endpoint, and where it is answered.
struct RouteAccess
{
    bool authenticated = false;
    RouteLane lane = RouteLane::Management;
};

// Which endpoint a request is for. Matching is by path segments, so "/v1/tokens/" and
// "/v1//tokens" are "/v1/tokens".
class RouteTable
{
public:
    // A rule a {name} segment must satisfy; a segment it refuses does not match, so
    // "/v1/tokens/abc" is an unknown path (404) rather than a wrong method (405).
    using SegmentRule = std::function<bool(const QString& segment)>;

    struct Match
    {
        enum class Outcome
        {
            Found,
            MethodNotAllowed, // the path is an endpoint's, the method is none of them
            NotFound,
        };
        Outcome outcome = Outcome::NotFound;
        qsizetype index = -1;   // the endpoint, when found
        QStringList parameters; // the {name} segments, in the pattern's order
        // Whether the caller must authenticate before learning the outcome: a found endpoint's
        // own setting; for a miss, whether the path lies under a resource ("/v1/tokens") that has
        // authenticated endpoints, so an unauthenticated caller cannot probe which paths exist.
        bool authenticated = false;
        RouteLane lane = RouteLane::Management; // a found endpoint's; Management for a miss
    };

    explicit RouteTable(QHash<QString, SegmentRule> rules = {}) : m_rules(std::move(rules)) {}

    void add(RouteEndpoint endpoint);
    Match match(const QByteArray& method, const QString& path) const;
    QList<RouteEndpoint> endpoints() const;

private:
    struct Segment
    {
        QString text;     // the literal, or the parameter's name
        SegmentRule rule; // parameters only; empty: any segment
        bool parameter = false;
    };
    struct Route
    {
        RouteEndpoint endpoint;
        QList<Segment> segments;
        QString resource; // see resource()
        bool literal = true;
    };
    static std::optional<QStringList> capture(const Route& route, const QStringList& segments);
    static QString resource(const QStringList& segments);

    QHash<QString, SegmentRule> m_rules;
    QList<Route> m_routes;
};

// A RouteTable whose endpoints carry their handlers.
template <typename Handler> class Router
{
public:
    struct Match
    {
        RouteTable::Match::Outcome outcome;
        const Handler* handler = nullptr; // set when found
        QStringList parameters;
        bool authenticated = false;
        RouteLane lane = RouteLane::Management;
    };

    explicit Router(QHash<QString, RouteTable::SegmentRule> rules = {}) : m_table(std::move(rules)) {}

    Router& add(QByteArray method, QString pattern, RouteAccess access, Handler handler)
    {
        m_table.add({std::move(method), std::move(pattern), access.authenticated, access.lane});
        m_handlers.append(std::move(handler));
        return *this;
    }

    Match match(const QByteArray& method, const QString& path) const
    {
        RouteTable::Match found = m_table.match(method, path);
        const Handler* handler = found.index >= 0 ? &m_handlers.at(found.index) : nullptr;
        return {found.outcome, handler, std::move(found.parameters), found.authenticated, found.lane};
    }

    QList<RouteEndpoint> endpoints() const { return m_table.endpoints(); }

private:
    RouteTable m_table;
    QList<Handler> m_handlers; // parallel to the table's endpoints
};

} // namespace tokendesk
