using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConsentFlow.Storage.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class StudioTabletAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_FamilyNameKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_GivenNameKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_Mrn",
                table: "CaseReadiness");

            migrationBuilder.CreateTable(
                name: "ConsentTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TemplateId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Language = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Markdown = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DefinitionPublications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DefinitionId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    DiffSummary = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PublishedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ScenariosPassed = table.Column<int>(type: "int", nullable: false),
                    ScenariosFailed = table.Column<int>(type: "int", nullable: false),
                    OverrideId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RolledBackFromVersion = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DefinitionPublications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DraftRevisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DefinitionId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BaseVersion = table.Column<int>(type: "int", nullable: true),
                    RestoredFrom = table.Column<int>(type: "int", nullable: true),
                    SavedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DraftRevisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PublicationOverrides",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DefinitionId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DraftSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    FailingScenarios = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ApprovedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicationOverrides", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_FamilyNameKey_SortKey",
                table: "CaseReadiness",
                columns: new[] { "FamilyNameKey", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_GivenNameKey_SortKey",
                table: "CaseReadiness",
                columns: new[] { "GivenNameKey", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_Mrn_SortKey",
                table: "CaseReadiness",
                columns: new[] { "Mrn", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentTemplates_TemplateId_State_Version_Language",
                table: "ConsentTemplates",
                columns: new[] { "TemplateId", "State", "Version", "Language" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DefinitionPublications_DefinitionId_Version",
                table: "DefinitionPublications",
                columns: new[] { "DefinitionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DraftRevisions_Owner_DefinitionId_Revision",
                table: "DraftRevisions",
                columns: new[] { "Owner", "DefinitionId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PublicationOverrides_DefinitionId_DraftSha256",
                table: "PublicationOverrides",
                columns: new[] { "DefinitionId", "DraftSha256" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentTemplates");

            migrationBuilder.DropTable(
                name: "DefinitionPublications");

            migrationBuilder.DropTable(
                name: "DraftRevisions");

            migrationBuilder.DropTable(
                name: "PublicationOverrides");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_FamilyNameKey_SortKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_GivenNameKey_SortKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_Mrn_SortKey",
                table: "CaseReadiness");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_FamilyNameKey",
                table: "CaseReadiness",
                column: "FamilyNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_GivenNameKey",
                table: "CaseReadiness",
                column: "GivenNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_Mrn",
                table: "CaseReadiness",
                column: "Mrn");
        }
    }
}
