"""Overview: the headline numbers, the stopped-versus-corrected chart, and every source."""

import streamlit as st

from foi import changes, charts, narrative, ui
from foi.gaps import figures_kept_back, paid_to_hidden_suppliers
from foi.money import format_gbp
from foi.views import credits
from foi.views import overview as view
from foi.views import stopped as stopped_view
from foi.vocab import basis_label

values = ui.page_state("overview")
ui.dataset_picker(values)
dataset = values["dataset"]
summary = ui.summary(dataset)
meta = ui.dataset_meta(dataset)
embedded = st.context.is_embedded

if not embedded:
    st.title(ui.md_text(meta["title"]))  # data: shown as text, never as Markdown
    st.caption(ui.md_text(meta.get("description") or ""))

groups = summary["groups"]
by_status = {g["status"]: g for g in groups}
live_src = ui.sources_md(
    dataset, [summary["live_projects_source_id"]] if summary["live_projects_source_id"] else []
)

if not embedded:
    # Two rows, so a card is wide enough for "20 · £24m" uncut: the portfolio and each
    # group, then the gap and the discrepancies.
    if groups:
        cards = [*st.columns(1 + len(groups), border=True), *st.columns(2, border=True)]
    else:
        cards = list(st.columns(3, border=True))
    with cards[0]:
        st.metric(
            "Live projects" if groups else summary["subjects"].capitalize(),
            f"{summary['live_projects']:,}",
        )
        st.caption(f"Source: {live_src}" if live_src else "Counted from the project rows")
    for col, g in zip(cards[1:], groups, strict=False):
        with col:
            bound = "> " if g["qualifier"] == "lower_bound" else ""
            st.metric(g["label"], f"{g['projects']} · {bound}{format_gbp(g['total_gbp'])}")
            st.caption(
                f"{g['named']} named, {g['unnamed']} unnamed. Source: {ui.sources_md(dataset, g['source_ids'])}"
            )
    with cards[1 + len(groups)]:
        share = summary["unitemised_share"]
        st.metric(
            "Never itemised",
            f"{share:.0%}" if share is not None else "—",
            help="Share of the money disclosed only as group totals, never broken down by project.",
        )
        if share is not None:
            st.caption(
                f"{format_gbp(summary['unitemised_gbp'])} of {format_gbp(summary['grouped_total_gbp'])}: "
                "the redacted-cost gap"
            )
    with cards[-1]:
        st.metric("Discrepancies", len(summary["discrepancies"]))
        st.caption("Points where sources disagree; both sides are kept.")
        st.page_link(
            "pages/sources.py", label="Compare the sources", icon=":material/compare_arrows:"
        )

    if groups:
        st.markdown(ui.md_text(narrative.headline(summary)))

if not embedded:  # a release of a series leads to what changed; other datasets to the newest
    found = changes.releases(ui.connection())
    pair = changes.neighbour_pair(found, dataset) or changes.default_pair(found)
    if pair:
        titles = {r.dataset: r.title for r in found}
        st.page_link(
            "pages/changes.py",
            label=f"What changed: {titles[pair[0]]} to {titles[pair[1]]}",
            help="Figures that went dark, came to light or moved; projects that joined or left.",
            icon=":material/difference:",
            query_params={"from": pair[0], "to": pair[1]},
        )

if groups:
    bars = charts.status_bars(groups, "gbp")
    fig = charts.stopped_vs_corrected(bars, "gbp", view.chart_title(summary))
    table = view.groups_table(groups)
    basis, caveat = credits.groups(groups)
    ui.chart_block(
        fig,
        table,
        f"{dataset}_stopped-vs-corrected",
        key="overview_chart",
        basis=basis,
        caveat=caveat,
    )
    if not embedded:
        st.caption(f"Sources: {ui.sources_md(dataset, stopped_view.group_sources(groups))}")
else:
    mix = ui.query("disclosure_shares", dataset=dataset)
    payees = ui.query("counterparty_shares", dataset=dataset)
    if not embedded:
        st.markdown(
            ui.md_text(
                narrative.withheld_headline(
                    summary["live_projects"],
                    mix.to_dict("records"),
                    payees.to_dict("records"),
                    summary["subjects"],
                )
            )
        )
        st.caption(
            "No source gives group totals here, so there is no redacted-cost gap; the charts "
            "show what share was kept back instead."
        )
    if len(payees):
        money, _ = paid_to_hidden_suppliers(payees.to_dict("records"))
        fig = charts.counterparty_chart(payees.to_dict("records"), view.payee_title(money.share))
        ui.chart_block(
            fig,
            payees,
            f"{dataset}_withheld-counterparties",
            key="overview_payees",
            basis="Payment",
            caveat=credits.PAYEES,
        )
    elif len(mix):
        mix = mix.assign(basis_label=mix["basis"].map(basis_label))
        figures = figures_kept_back(mix.to_dict("records"))
        fig = charts.disclosure_mix_chart(
            mix.to_dict("records"),
            view.mix_title(figures.kept, figures.total),
        )
        ui.chart_block(
            fig,
            mix,
            f"{dataset}_disclosure-mix",
            key="overview_mix",
            basis=credits.bases(mix["basis"]),
            caveat=credits.COUNTS,
        )

if not embedded:
    ui.link_to_view("")
