// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/Router.h"

#include <algorithm>

namespace tokendesk {

namespace {

QStringList segmentsOf(const QString& path)
{
    return path.split(u'/', Qt::SkipEmptyParts);
}

} // namespace

void RouteTable::add(RouteEndpoint endpoint)
{
    Route route;
    const QStringList segments = segmentsOf(endpoint.pattern);
    for (const QString& segment : segments) {
        if (segment.startsWith(u'{') && segment.endsWith(u'}')) {
            const QString name = segment.mid(1, segment.size() - 2);
            route.segments.append({name, m_rules.value(name), true});
            route.literal = false;
        } else {
            route.segments.append({segment, {}, false});
        }
    }
    route.resource = resource(segments);
    route.endpoint = std::move(endpoint);
    m_routes.append(std::move(route));
}

RouteTable::Match RouteTable::match(const QByteArray& method, const QString& path) const
{
    // The hot path: what an organisation's APIs call on every one of their requests (POST
    // /v1/verify) is found by comparing strings, before the path is split.
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const Route& route = m_routes[i];
        if (route.literal && route.endpoint.method == method && route.endpoint.pattern == path)
            return {Match::Outcome::Found, i, {}, route.endpoint.authenticated, route.endpoint.lane};
    }
    const QStringList segments = segmentsOf(path);
    bool pathKnown = false;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const Route& route = m_routes[i];
        auto parameters = capture(route, segments);
        if (!parameters)
            continue;
        if (route.endpoint.method == method)
            return {Match::Outcome::Found, i, std::move(*parameters), route.endpoint.authenticated,
                    route.endpoint.lane};
        pathKnown = true;
    }
    const QString under = resource(segments);
    const bool authenticated = std::any_of(m_routes.cbegin(), m_routes.cend(), [&](const Route& route) {
        return route.endpoint.authenticated && route.resource == under;
    });
    return {pathKnown ? Match::Outcome::MethodNotAllowed : Match::Outcome::NotFound,
            -1,
            {},
            authenticated,
            RouteLane::Management};
}

QList<RouteEndpoint> RouteTable::endpoints() const
{
    QList<RouteEndpoint> endpoints;
    endpoints.reserve(m_routes.size());
    for (const Route& route : m_routes)
        endpoints.append(route.endpoint);
    return endpoints;
}

std::optional<QStringList> RouteTable::capture(const Route& route, const QStringList& segments)
{
    if (segments.size() != route.segments.size())
        return std::nullopt;
    QStringList parameters;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const Segment& expected = route.segments[i];
        if (!expected.parameter) {
            if (segments[i] != expected.text)
                return std::nullopt;
            continue;
        }
        if (expected.rule && !expected.rule(segments[i]))
            return std::nullopt;
        parameters.append(segments[i]);
    }
    return parameters;
}

QString RouteTable::resource(const QStringList& segments)
{
    // The first two segments: "/v1/tokens" for "/v1/tokens/12/rotate".
    return u'/' + segments.mid(0, 2).join(u'/');
}

} // namespace tokendesk
