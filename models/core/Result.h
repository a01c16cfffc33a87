// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Error.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace tokendesk {

// Stand-in for void in Result<Unit>, so QFuture<Result<Unit>> stays copyable and uniform.
struct Unit
{
    friend bool operator==(Unit, Unit) { return true; }
};

// A value or an Error. C++20 has no std::expected; this is the small subset we need.
template <typename T> class Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T* operator->() const { return &value(); }
    const T& operator*() const { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }
    ErrorCode code() const { return ok() ? ErrorCode::Internal : error().code; }

private:
    std::variant<T, Error> m_state;
};

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}

} // namespace tokendesk
