import Testing
@testable import LTSFlowEngine

@Suite struct CatalogVersionLookupTests {
    @Test(arguments: [
        ("2019", "2019"), ("LTS 2019", "2019"), ("lts-2019", "2019"), ("10.10", "2019"), (" lts 2019 ", "2019"),
        ("LTS2019", "2019"), ("Lts_2019", "2019"), ("lts-10.10", "2019"), ("\t10.10\n", "2019"),
        ("7.10", "2015"), ("8.10", "2016"), ("9.10", "2017"), ("LTS 2015", "2015"),
        ("2021.x", "2021"), ("2021.40", "2021"), ("2023.12", "2023"), ("LTS 2025", "2025"), ("lts-2025", "2025"),
    ])
    func aVersionHasSeveralNames(_ query: String, _ id: String) throws {
        #expect(try CatalogFixture.realCatalog().version(query)?.id == id)
    }

    @Test(arguments: ["2020", "11.1", "10", "10.1", "", "lts", "2021.", "2021.4a", "lts 2019x", "Cloud 2020", "LTS 2019 2021"])
    func otherTextNamesNoVersion(_ query: String) throws {
        #expect(try CatalogFixture.realCatalog().version(query) == nil)
    }
}
