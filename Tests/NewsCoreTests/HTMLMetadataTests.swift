import Foundation
import XCTest
@testable import NewsCore

/// Metadata of dev-set pages, with expectations written by hand from each page's HTML.
final class HTMLMetadataTests: XCTestCase {
    struct Expected {
        var title: String?
        var authors: [String]?
        var published: String?
        var canonical: String?
        var language: String?
        var siteName: String?
    }

    static let pages: [String: Expected] = [
        "0e75fd99885bb0f2": Expected(
            title: "Heizen mit Abfallholz: Mit dieser Erfindung funktioniert es", published: "2022-12-11T05:00:00+01:00",
            canonical: "https://www.agrarheute.com/energie/heizen-abfallholz-erfindung-funktioniert-601129",
            language: "de", siteName: "agrarheute"),
        "0f46701ba7ab6a4c": Expected(
            title: "Olympia 2022 - Zwei weitere Corona-Fälle! Kombinierer Eric Frenzel und Terence Weber betroffen",
            authors: ["Perform Media Deutschland GmbH"], published: "2022-02-04T11:17:48+0100",
            canonical: "https://www.spox.com/de/sport/olympia/2202/Artikel/zwei-corona-faelle-olympische-spiele-peking-eric-frenzel-terence-weber.html",
            language: "de"),
        "107a3a727757fcdc": Expected(
            title: "Kolumne: Ein wenig lost, aber noch da!", published: "2022-11-20T05:00:00+00:00",
            canonical: "https://frolleinherr.com/thoughts/kolumne-lost-aber-immer-noch-da/", language: "de-DE"),
        "126218819a26b885": Expected(
            title: "Covestro startet neue Biotechnologie-Forschungsgruppe", authors: ["Jona Göbelbecker"],
            published: "2022-12-01T13:08:00+00:00",
            canonical: "https://www.chemietechnik.de/sicherheit-umwelt/covestro-startet-neue-forschungsgruppe-fuer-biotechnologie-843.html",
            language: "de", siteName: "CHEMIE TECHNIK"),
        "131cc640591b7f8d": Expected(
            title: "Claudia Brandes und ihr links-grünes Bündnis müssen jetzt liefern", published: "2023-11-06T12:04:30+01:00",
            canonical: "https://osthessen-news.de/n11752374/claudia-brandes-und-ihr-links-gruenes-buendnis-muessen-jetzt-liefern.html",
            language: "de-DE", siteName: "Osthessen|News"),
        "194f57f49d70dd24": Expected(
            title: "Ab wann und wie lange legen Hühner Eier?", published: "2021-09-08T09:30:24+00:00",
            canonical: "https://www.selbstversorger.de/eier-legen-huehner/", language: "de-DE", siteName: "Selbstversorger.de"),
        "19d4c1ee8fb9551e": Expected(
            title: "Nicaragua cerró 2021 con deuda externa de 14.372,4 millones de dólares", authors: ["100% Noticias"],
            canonical: "https://100noticias.com.ni/economia/115005-aumenta-deuda-externa-nicaragua/",
            language: "en", siteName: "100noticias.com.ni"),
        "1c5e3beb4b788ae8": Expected(
            title: "NÖ Jagdverband: Auf Natur & Wildtier-Bedürfnisse achten", published: "2021-12-14T11:38:19+00:00",
            canonical: "https://www.jagd-oesterreich.at/2021/12/14/noe-jagdverband-auf-natur-wildtier-beduerfnisse-achten/",
            language: "de-DE", siteName: "jagd-oesterreich.at"),
        "1cce45619bfc793f": Expected(
            title: "3 Jahre legalisierte Genitalverstümmelung", published: "2015-12-12T05:00:37+00:00",
            canonical: "https://zulang.wordpress.com/2015/12/12/3-jahre-legalisierte-genitalverstuemmelung/",
            language: "de-DE", siteName: "too long; didn’t read"),
        "1f7678ec740fa0b3": Expected(language: "ar", siteName: "Assabah News"),
        "1faf097b2ccb3e43": Expected(
            title: "Level 3 LIVE news from Cork as county adapts to incoming restrictions", authors: ["Gavin O'Callaghan"],
            published: "2020-10-06T20:22:53Z", canonical: "https://www.corkbeo.ie/news/local-news/level-3-live-cork-ireland-19056312",
            language: "en", siteName: "Cork Beo"),
        "22300b97c6793421": Expected(
            title: "Das Imperialismus-Phantom", authors: ["Ernst Lohoff"],
            canonical: "https://jungle.world/artikel/2023/43/diskussion-begriff-imperialismus-das-phantom",
            language: "de", siteName: "jungle.world"),
        "25b80b3fa597994e": Expected(
            title: "Drug Reaction with Eosinophilia and Systemic Symptoms (DRESS) Syndrome and the Rheumatologist",
            published: "2017-01-30", canonical: "https://link.springer.com/article/10.1007/s11926-017-0626-z",
            language: "en", siteName: "Current Rheumatology Reports"),
        "2951105ba363a1e4": Expected(
            title: "Über Kohleausstieg, Kernkraftwerke und Erneuerbare Energien", authors: ["Christina Arens"],
            published: "2022-10-13T07:30:00+00:00",
            canonical: "https://www.cicero.de/innenpolitik/habeck-kohle-nordrheinwestfalen-atomkraft-grune-fridaysforfuture-energiepolitik",
            language: "de-DE", siteName: "vorangedacht"),
        "2c8e43eeb1520db8": Expected(
            title: "State of Washington swears in first Native American-Jewish Supreme Court justice",
            canonical: "https://www.timesofisrael.com/state-of-washington-swears-in-first-native-american-jewish-supreme-court-justice/",
            language: "en-US"),
        "2caab5b4cf799f3e": Expected(
            title: "Bonn: UN-Konvention veröffentlicht Empfehlungen zur Vogelgrippe und zum Umgang mit Wildvögeln",
            canonical: "https://wildundhund.de/bonn-un-konvention-veroeffentlicht-empfehlungen-zur-vogelgrippe-und-zum-umgang-mit-wildvoegeln/",
            language: "de-DE", siteName: "WILD UND HUND"),
        "2ceb9927afaa5c00": Expected(
            title: "Die Cider Connection: Abmahnungen gegen Nutzer von Creative-Commons-Bildern",
            published: "2016-06-23T16:14:51+02:00",
            canonical: "https://netzpolitik.org/2016/die-cider-connection-abmahnungen-gegen-nutzer-von-creative-commons-bildern/",
            language: "de-DE", siteName: "netzpolitik.org"),
        "0d64c63153be08a2": Expected(
            authors: ["Deutsche Welle (www.dw.com)"],
            canonical: "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881",
            language: "en", siteName: "DW.COM"),
        "1f0863d1dc24b057": Expected(
            canonical: "https://www.dw.com/fr/la-perte-des-terres-fertiles-et-les-%C3%A9l%C3%A9phants-en-guin%C3%A9e-conakry/a-6533123",
            language: "fr"),
        "096ca4147db2bdee": Expected(
            canonical: "https://www.gruen-digital.de/2015/01/digitalpolitisches-jahrestagung-2015-der-heinrich-boell-stiftung-baden-wuerttemberg/",
            language: "de-DE"),
        "0aa82ac58865c4ec": Expected(
            published: "2013-08-07",
            canonical: "https://web.archive.org/web/20140226054445/http://www.time4talks.com/2013/08/07/weitere-digitalisierung-der-schweizer-kinos/",
            language: "de-DE"),
        "2dd5f1d1fd84521c": Expected(
            title: "Kondenswasser am Fenster verhindern", published: "2021-12-15", language: "de"),
        "12d8bc3ae2d7ab1e": Expected(
            title: "Der Steinkauz ist der Vogel des Jahres 2021",
            canonical: "https://schweizerjaeger.ch/aktuell/vogeldesjahres2021.html", language: "de"),
    ]

    func testDevPagesMetadata() throws {
        guard let dev = HTMLTestSupport.devSet else { throw XCTSkip("shared/html-dev not found beside the package") }
        XCTAssertGreaterThanOrEqual(Self.pages.count, 20)
        for (name, want) in Self.pages.sorted(by: { $0.key < $1.key }) {
            let bytes = try [UInt8](Data(contentsOf: dev.appendingPathComponent("pages/\(name).html")))
            let page = HTMLExtractor.extract(bytes)
            if let t = want.title { XCTAssertEqual(page.title, t, "title of \(name)") }
            if let a = want.authors { XCTAssertEqual(page.authors, a, "authors of \(name)") }
            if let p = want.published { XCTAssertEqual(page.published, p, "published of \(name)") }
            if let c = want.canonical { XCTAssertEqual(page.canonicalURL, c, "canonical URL of \(name)") }
            if let l = want.language { XCTAssertEqual(page.language, l, "language of \(name)") }
            if let s = want.siteName { XCTAssertEqual(page.siteName, s, "site name of \(name)") }
        }
    }

    /// The gold-set sample page (`shared/samples/variants/html_article.html`).
    func testSampleArticle() throws {
        guard let shared = HTMLTestSupport.shared else { throw XCTSkip("shared/ not found beside the package") }
        let bytes = try [UInt8](Data(contentsOf: shared.appendingPathComponent("samples/variants/html_article.html")))
        let page = HTMLExtractor.extract(bytes)
        XCTAssertEqual(page.title, "Assad's last battle")
        XCTAssertEqual(page.authors, ["Mario Abou Zeid"])
        XCTAssertEqual(page.published, "2015-05-11T16:58:00+03:00")
        XCTAssertEqual(page.canonicalURL, "http://www.aljazeera.com/indepth/opinion/2015/05/assad-hezbollah-qalamoun-150509053528098.html")
        XCTAssertEqual(page.language, "en")
        let body = HTMLTestSupport.norm(page.body)
        for snippet in ["Hezbollah's ability to provide logistical support", "They have excavated a sophisticated network of caves",
                        "The long-planned spring battle of Qalamoun", "Setbacks and losses"] {
            XCTAssertTrue(body.containsBytes(snippet), "body lacks \(snippet)")
        }
        for snippet in ["<script", "dataLayer", "font-family", "Subscribe to our newsletter", "Most read", "ad slot",
                        "Footer links", "<p>", "&nbsp;", "&#x27;", "\u{00a0}", "Example headline", "Home", "Sign up"] {
            XCTAssertFalse(page.body.containsBytes(snippet), "body contains \(snippet)")
        }
        XCTAssertTrue(page.body.contains("\n\n"), "paragraphs are separated by blank lines")
    }
}
