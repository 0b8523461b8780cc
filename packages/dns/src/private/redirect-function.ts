/**
 * The source of the CloudFront Function (JavaScript runtime 2.0, viewer request) that answers
 * every request with a 301 to `targetOrigin` (e.g. `https://example.com`), keeping the path and
 * the query string.
 *
 * The query string comes from `request.rawQueryString()` (the bytes the viewer sent) when the
 * runtime has it and it is not empty (the console's test events leave it empty), else it is
 * rebuilt from the parsed `request.querystring` object, every value of a repeated key in order.
 * The code is plain ES5 so that it runs as is in CloudFront and in node (the unit tests).
 *
 * @param targetOrigin scheme and host, without a trailing slash
 */
export function redirectFunctionCode(targetOrigin: string): string {
  return [
    `var TARGET = ${JSON.stringify(targetOrigin)};`,
    'function queryOf(request) {',
    '  var raw = typeof request.rawQueryString === \'function\' ? request.rawQueryString() : undefined;',
    '  if (typeof raw === \'string\' && raw !== \'\') {',
    '    return raw;',
    '  }',
    '  var parts = [];',
    '  var params = request.querystring || {};',
    '  for (var name in params) {',
    '    var values = params[name].multiValue || [params[name]];',
    '    for (var i = 0; i < values.length; i++) {',
    '      parts.push(values[i].value === \'\' ? name : name + \'=\' + values[i].value);',
    '    }',
    '  }',
    '  return parts.join(\'&\');',
    '}',
    'function handler(event) {',
    '  var query = queryOf(event.request);',
    '  return {',
    '    statusCode: 301,',
    '    statusDescription: \'Moved Permanently\',',
    '    headers: {',
    '      location: { value: TARGET + event.request.uri + (query === \'\' ? \'\' : \'?\' + query) },',
    '      \'cache-control\': { value: \'max-age=3600\' },',
    '    },',
    '  };',
    '}',
  ].join('\n');
}
