using System.Globalization;
using System.Text;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// Parses the Service Manager's query grammar: criteria <c>key op value</c> joined by <c> and </c>, where op is
/// <c>eq</c>, <c>ne</c> (or <c>neq</c>), <c>in</c> or <c>notin</c> (the last two with a list <c>('a','b')</c>).
/// String values are single-quoted; a quote inside is written as two (<c>'it''s'</c>), and a backslash pair
/// (<c>\x</c>) is kept as it is, as the real grammar's lexer reads it. Unlike the real server, only the delimiting
/// quotes are removed, so a value that starts or ends with a quote keeps it and matches only itself. Unquoted
/// numbers and <c>true</c>/<c>false</c> are accepted too.
/// </summary>
internal static class QueryFilter
{
    public const string Equal = "eq";
    public const string NotEqual = "ne";
    public const string In = "in";
    public const string NotIn = "notin";

    /// <summary>The criteria of <paramref name="query"/>; none for an empty one.</summary>
    /// <exception cref="FormatException">The query is not in the grammar; the message says where.</exception>
    public static IReadOnlyList<QueryCriterion> Parse(string? query, string parameter)
    {
        var criteria = new List<QueryCriterion>();
        if (string.IsNullOrWhiteSpace(query))
        {
            return criteria;
        }

        var reader = new Reader(query, parameter);
        while (true)
        {
            reader.SkipSpaces();
            var key = reader.Word(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.' or '\\', "a key");
            reader.Spaces();
            var op = reader.Word(char.IsAsciiLetter, "an operator") switch
            {
                "eq" => Equal,
                "ne" or "neq" => NotEqual,
                "in" => In,
                "notin" => NotIn,
                var other => throw reader.Error($"the operator '{other}' is not supported (eq, ne, in, notin)"),
            };
            reader.Spaces();
            criteria.Add(new QueryCriterion(key, op, op is In or NotIn ? reader.List() : [reader.Value()]));
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                return criteria;
            }

            if (reader.Word(char.IsAsciiLetter, "'and'") != "and")
            {
                throw reader.Error("criteria must be joined by 'and'");
            }

            reader.Spaces();
        }
    }

    private sealed class Reader(string text, string parameter)
    {
        private int _position;

        public bool AtEnd => _position >= text.Length;

        public FormatException Error(string problem) =>
            new($"{parameter} is not a valid query: {problem} (at position {_position.ToString(CultureInfo.InvariantCulture)}).");

        public void SkipSpaces()
        {
            while (!AtEnd && text[_position] == ' ')
            {
                _position++;
            }
        }

        public void Spaces()
        {
            if (AtEnd || text[_position] != ' ')
            {
                throw Error("a space was expected");
            }

            SkipSpaces();
        }

        public string Word(Func<char, bool> allowed, string what)
        {
            var start = _position;
            while (!AtEnd && allowed(text[_position]))
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Error(what + " was expected");
        }

        public List<string> List()
        {
            Expect('(');
            var values = new List<string>();
            SkipSpaces();
            if (!AtEnd && text[_position] == ')')
            {
                _position++;
                return values;
            }

            while (true)
            {
                SkipSpaces();
                values.Add(Value());
                SkipSpaces();
                if (!AtEnd && text[_position] == ',')
                {
                    _position++;
                    continue;
                }

                Expect(')');
                return values;
            }
        }

        public string Value()
        {
            if (AtEnd)
            {
                throw Error("a value was expected");
            }

            if (text[_position] != '\'')
            {
                var bare = Word(static c => c is not (' ' or ',' or ')' or '('), "a value");
                return bare is "true" or "false" || double.TryParse(bare, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? bare
                    : throw Error($"the value '{bare}' must be quoted");
            }

            var value = new StringBuilder();
            _position++;
            while (!AtEnd)
            {
                var c = text[_position];
                if (c == '\'')
                {
                    if (_position + 1 < text.Length && text[_position + 1] == '\'')
                    {
                        value.Append('\'');
                        _position += 2;
                        continue;
                    }

                    _position++;
                    return value.ToString();
                }

                if (c == '\\' && _position + 1 < text.Length)
                {
                    value.Append(c).Append(text[_position + 1]);
                    _position += 2;
                    continue;
                }

                value.Append(c);
                _position++;
            }

            throw Error("a quoted value is not closed");
        }

        private void Expect(char expected)
        {
            if (AtEnd || text[_position] != expected)
            {
                throw Error($"'{expected}' was expected");
            }

            _position++;
        }
    }
}
