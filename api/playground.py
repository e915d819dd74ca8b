"""What GraphiQL opens with: a linked query that shows the graph off."""

DEFAULT_QUERY = """# Khabar: who met whom, who signed what, who said what, from the news.
# Press the run button (or Ctrl-Enter). The Docs pane on the left describes every field.
# More examples: docs/queries.md

query RussianVisitsToNorthKorea {
  visits(visitorCountry: "RU", hostCountry: "KP", first: 10) {
    totalCount
    edges {
      node {
        visitor { name nameAr roles { title } }
        destination { name nameAr }
        startDate
        endDate
        status
        purpose
        sources { quote article { title publishedOn } }
      }
    }
  }
}
"""


def page_html() -> str:
    """GraphiQL, opening on DEFAULT_QUERY."""
    import json

    from strawberry.http.ides import get_graphql_ide_html

    html = get_graphql_ide_html(graphql_ide="graphiql")
    return html.replace("parameters.q || EXAMPLE_QUERY", f"parameters.q || {json.dumps(DEFAULT_QUERY)}", 1)
