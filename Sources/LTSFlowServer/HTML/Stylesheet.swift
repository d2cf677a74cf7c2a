/// The board's only stylesheet, served at `/static/board.css`: no framework, no web font, no
/// image. Colours come from ``Palette`` (checked for contrast by the tests).
public enum Stylesheet {
    public static let path = "/static/board.css"
    public static let iconPath = "/static/icon.svg"

    /// The tab's icon: four columns of cards, in the status colours.
    public static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#20303f"/>\
        <rect x="2" y="3" width="2.5" height="10" fill="#b02a1f"/><rect x="5.5" y="3" width="2.5" height="7" fill="#8a4600"/>\
        <rect x="9" y="3" width="2.5" height="8" fill="#1d4f91"/><rect x="12.5" y="3" width="1.5" height="5" fill="#1f6b33"/></svg>
        """

    public static let text: String = {
        var css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: \(Palette.page.text); background: \(Palette.page.background); }
        a { color: \(Palette.link.text); }
        a:focus-visible { outline: 3px solid #f2b01e; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: \(Palette.page.background); padding: .5rem; }
        .skip:focus { left: .5rem; }
        header.site { background: \(Palette.header.background); color: \(Palette.header.text); padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; }
        header.site .brand { font-weight: 700; font-size: 1.1rem; }
        header.site nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
        header.site a { color: \(Palette.headerLink.text); }
        header.site a[aria-current="page"] { color: \(Palette.header.text); font-weight: 700; }
        main { padding: 1rem; }
        h1 { font-size: 1.4rem; margin: .2rem 0 .6rem; }
        h2 { font-size: 1.15rem; margin: 1.4rem 0 .5rem; }
        h3 { font-size: 1rem; margin: 0 0 .4rem; }
        .muted, .asof { color: \(Palette.muted.text); }
        .filters { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; margin: .4rem 0 1rem; padding: 0; }
        .filters ul { display: inline-flex; flex-wrap: wrap; gap: .3rem; list-style: none; margin: 0; padding: 0; }
        .filters a { padding: .1rem .45rem; border-radius: .3rem; }
        .filters a[aria-current="true"] { background: \(Palette.current.background); color: \(Palette.current.text); text-decoration: none; }
        .board { display: flex; gap: .8rem; overflow-x: auto; align-items: flex-start; padding-bottom: .5rem; }
        .board > section { background: \(Palette.column.background); color: \(Palette.column.text); border-radius: .4rem; padding: .6rem; min-width: 15rem; max-width: 18rem; flex: 0 0 auto; }
        .board > section a { color: \(Palette.linkOnColumn.text); }
        .board .count { color: \(Palette.columnMuted.text); font-weight: 400; }
        .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
        .card { background: \(Palette.page.background); color: \(Palette.page.text); border-radius: .35rem; padding: .5rem .6rem; border-left: .4rem solid #5a6168; }
        .card a { color: \(Palette.link.text); font-weight: 600; }
        .card dl { display: grid; grid-template-columns: auto 1fr; gap: 0 .5rem; margin: .3rem 0 0; font-size: .9rem; }
        .card dt { color: \(Palette.muted.text); }
        .card dd { margin: 0; }
        .more { color: \(Palette.columnMuted.text); font-size: .9rem; margin: .5rem 0 0; }
        .status { display: inline-block; padding: 0 .4rem; border-radius: .25rem; font-size: .85rem; font-weight: 600; }
        table { border-collapse: collapse; margin: .3rem 0 1rem; }
        caption { text-align: left; font-weight: 600; padding: .3rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid #c4c9cf; }
        thead th { border-bottom: 2px solid #5a6168; }
        .timeline { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: .4rem 0 1rem; padding: 0; }
        .timeline li { padding: .3rem .5rem; border-radius: .3rem; font-size: .85rem; }
        .timeline li .word { font-weight: 700; }
        .pager { display: flex; gap: 1rem; margin: 1rem 0; }
        .tick { font-size: 1.1rem; line-height: 1; }
        .agenda tbody th, .agenda tbody td:nth-child(2) { white-space: nowrap; }
        .verdict { font-size: 1.05rem; font-weight: 600; }
        footer { padding: 1rem; color: \(Palette.muted.text); font-size: .85rem; }

        """
        for pair in Palette.statuses {
            css += ".status-\(pair.name), .timeline .status-\(pair.name) { background: \(pair.background); color: \(pair.text); }\n"
            css += ".card.status-\(pair.name) { border-left-color: \(pair.background); background: \(Palette.page.background); color: \(Palette.page.text); }\n"
        }
        return css
    }()
}
