using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Web.Accounts.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class People : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "InvitationPending",
                table: "web_users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "web_users",
                type: "TEXT",
                maxLength: 2,
                nullable: false,
                defaultValue: "sv");

            migrationBuilder.AddColumn<long>(
                name: "LastDigestAt",
                table: "web_users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeDelivery",
                table: "web_users",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Immediately");

            migrationBuilder.CreateTable(
                name: "web_account_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_web_account_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_web_account_tokens_web_users_UserId",
                        column: x => x.UserId,
                        principalTable: "web_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "web_harvest_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Degraded = table.Column<bool>(type: "INTEGER", nullable: false),
                    SummarySv = table.Column<string>(type: "TEXT", nullable: false),
                    SummaryEn = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_web_harvest_notices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_web_account_tokens_TokenHash",
                table: "web_account_tokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_web_account_tokens_UserId",
                table: "web_account_tokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_web_harvest_notices_OrganisationId_At",
                table: "web_harvest_notices",
                columns: new[] { "OrganisationId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "web_account_tokens");

            migrationBuilder.DropTable(
                name: "web_harvest_notices");

            migrationBuilder.DropColumn(
                name: "InvitationPending",
                table: "web_users");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "web_users");

            migrationBuilder.DropColumn(
                name: "LastDigestAt",
                table: "web_users");

            migrationBuilder.DropColumn(
                name: "NoticeDelivery",
                table: "web_users");
        }
    }
}
