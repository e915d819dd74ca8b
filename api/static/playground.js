// Khabar's playground: GraphiQL (vendored under /static/vendor) on this page's own endpoint.
// The page embeds its settings as JSON in #khabar-playground-config (see api/playground.py).
(function () {
  "use strict";

  var mount = document.getElementById("graphiql");
  if (typeof React === "undefined" || typeof ReactDOM === "undefined" || typeof GraphiQL === "undefined") {
    mount.textContent = "The playground's scripts did not load (see /static/vendor). The API answers POST /graphql.";
    return;
  }
  var config = JSON.parse(document.getElementById("khabar-playground-config").textContent);

  // ?q=, ?variables= and ?headers= share a query by link; editing keeps the address up to date.
  var parameters = {};
  new URLSearchParams(window.location.search).forEach(function (value, key) {
    parameters[key] = value;
  });

  function updateURL(changes) {
    Object.assign(parameters, changes);
    var search = new URLSearchParams();
    Object.keys(parameters).forEach(function (key) {
      if (parameters[key]) search.set(key, parameters[key]);
    });
    var query = search.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + window.location.pathname });

  function Playground() {
    var query = React.useState(parameters.q || config.defaultQuery);
    var variables = React.useState(parameters.variables);
    var headers = React.useState(parameters.headers);
    return React.createElement(
      GraphiQL,
      {
        fetcher: fetcher,
        query: query[0],
        variables: variables[0],
        headers: headers[0],
        onEditQuery: function (value) {
          query[1](value);
          updateURL({ q: value === config.defaultQuery ? "" : value });
        },
        onEditVariables: function (value) {
          variables[1](value);
          updateURL({ variables: value });
        },
        onEditHeaders: function (value) { headers[1](value); },
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        inputValueDeprecation: true,
      },
      React.createElement(GraphiQL.Logo, null, config.title)
    );
  }

  ReactDOM.createRoot(mount).render(React.createElement(Playground));
})();
